package reactorchat.protocol.frame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import reactorchat.chat.ChatEvent;
import reactorchat.chat.EventEncoder;
import reactorchat.chat.HistoryEntry;
import reactorchat.chat.Room;
import reactorchat.chat.User;
import reactorchat.codec.Frame;
import reactorchat.codec.Text;
import reactorchat.protocol.EventText;
import reactorchat.codec.ToClient;

/**
 * The frame dialect's wire form of chat events (docs/protocol.md, "frame dialect"). Every frame
 * the server sends is made here, its text cleaned as the line dialect cleans it and cut to fit a
 * field, so nothing another dialect let through reaches a frame client unchecked.
 */
final class FrameFormat implements EventEncoder {
    static ByteBuffer frame(ToClient type, String... fields) {
        return frame(type, List.of(fields));
    }

    static ByteBuffer frame(ToClient type, List<String> fields) {
        List<String> clean = new ArrayList<>(fields.size());
        for (String field : fields) {
            clean.add(Frame.fit(Text.clean(field)));
        }
        return new Frame(type.code, clean, null).encode().asReadOnlyBuffer();
    }

    static ByteBuffer notice(String text) {
        return frame(ToClient.NOTICE, text);
    }

    /**
     * ERROR: a code for programs, a message for people (cut to {@link Text#MAX_ERROR} characters),
     * and the name of the type it answers ("" if none).
     */
    static ByteBuffer error(String code, String message, String answering) {
        return frame(ToClient.ERROR, code, Text.excerpt(message, Text.MAX_ERROR), answering);
    }

    static String kind(ChatEvent.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public ByteBuffer joined(ChatEvent.Joined event) {
        return frame(ToClient.JOINED, event.room().name(), event.user().nick());
    }

    @Override
    public ByteBuffer left(ChatEvent.Left event) {
        return frame(ToClient.LEFT, event.room().name(), event.user().nick(), event.reason());
    }

    @Override
    public ByteBuffer quit(ChatEvent.Quit event) {
        return frame(ToClient.QUIT, event.user().nick(), event.reason());
    }

    @Override
    public ByteBuffer nickChanged(ChatEvent.NickChanged event) {
        return frame(ToClient.NICK, event.oldNick(), event.user().nick());
    }

    @Override
    public ByteBuffer roomMessage(ChatEvent.RoomMessage event) {
        return frame(ToClient.MESSAGE, event.room().name(), event.user().nick(), kind(event.kind()), event.text(),
                Long.toString(event.millis()), event.id());
    }

    static ByteBuffer history(HistoryEntry entry) {
        return frame(ToClient.HISTORY, entry.room(), entry.nick(), kind(entry.kind()), entry.text(),
                Long.toString(entry.millis()), entry.id());
    }

    @Override
    public ByteBuffer privateMessage(ChatEvent.PrivateMessage event) {
        return told(event);
    }

    /** A private message as its receiver gets it; its sender gets the same. */
    static ByteBuffer told(ChatEvent.PrivateMessage event) {
        return frame(ToClient.PRIVATE, event.user().nick(), event.to().nick(), kind(event.kind()), event.text(),
                Long.toString(event.millis()), event.id());
    }

    /** A kick is a LEFT with the kick as its reason, so a program that tracks rooms needs no other frame. */
    @Override
    public ByteBuffer kicked(ChatEvent.Kicked event) {
        String reason = event.reason().isEmpty() ? "" : " (" + event.reason() + ")";
        return frame(ToClient.LEFT, event.room().name(), event.target().nick(),
                "put out by " + event.user().nick() + reason);
    }

    @Override
    public ByteBuffer topicChanged(ChatEvent.TopicChanged event) {
        return notice(EventText.topicChanged(event));
    }

    @Override
    public ByteBuffer modesChanged(ChatEvent.ModesChanged event) {
        return notice(EventText.modesChanged(event));
    }

    @Override
    public ByteBuffer invited(ChatEvent.Invited event) {
        return notice(event.user().nick() + " invites you to " + event.room().name());
    }

    @Override
    public ByteBuffer killed(ChatEvent.Killed event) {
        String reason = event.reason().isEmpty() ? "" : " (" + event.reason() + ")";
        return frame(ToClient.BYE, "disconnected by " + event.user().nick() + reason);
    }

    @Override
    public ByteBuffer fileOffered(ChatEvent.FileOffered event) {
        return frame(ToClient.OFFER, Long.toString(event.transfer().id()), event.user().nick(),
                event.transfer().fileName(), Long.toString(event.transfer().size()), event.transfer().sha256());
    }

    /** One ROOMS answer: name and user count of each room, in the order given. */
    static ByteBuffer rooms(List<Room> rooms) {
        List<String> fields = new ArrayList<>(rooms.size() * 2);
        for (Room room : rooms.subList(0, Math.min(rooms.size(), Frame.MAX_FIELDS / 2))) {
            fields.add(room.name());
            fields.add(Integer.toString(room.size()));
        }
        return frame(ToClient.ROOMS, fields);
    }

    /** One WHO answer: the room, then the nick of each member {@code viewer} is shown. */
    static ByteBuffer who(Room room, User viewer) {
        List<String> fields = new ArrayList<>(room.size() + 1);
        fields.add(room.name());
        for (User member : room.membersShownTo(viewer)) {
            if (fields.size() == Frame.MAX_FIELDS) {
                break;
            }
            fields.add(member.nick());
        }
        return frame(ToClient.WHO, fields);
    }
}
