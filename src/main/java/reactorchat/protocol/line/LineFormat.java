package reactorchat.protocol.line;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import reactorchat.chat.ChatEvent;
import reactorchat.chat.EventEncoder;
import reactorchat.chat.HistoryEntry;
import reactorchat.codec.Text;
import reactorchat.protocol.EventText;

/** The line dialect's wire form: one UTF-8 line per message, ended by LF. See docs/protocol.md. */
final class LineFormat implements EventEncoder {
    private final ZoneId zone;
    private long stampSecond = Long.MIN_VALUE;
    private String stamp;

    LineFormat(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * Every line this dialect sends is made here, and cleaned here: whatever part of it came from
     * someone else (a message, a reason, a topic, a ban mask from an IRC operator), no control
     * character but tab reaches a terminal.
     */
    static ByteBuffer line(String text) {
        return ByteBuffer.wrap((Text.clean(text) + "\n").getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    static ByteBuffer notice(String text) {
        return line("* " + text);
    }

    /** An error, cut to {@link Text#MAX_ERROR} characters. */
    static ByteBuffer error(String text) {
        return line("! " + Text.excerpt(text, Text.MAX_ERROR));
    }

    @Override
    public ByteBuffer joined(ChatEvent.Joined event) {
        return notice(event.user().nick() + " joined");
    }

    @Override
    public ByteBuffer left(ChatEvent.Left event) {
        return notice(event.user().nick() + " left" + because(event.reason()));
    }

    @Override
    public ByteBuffer quit(ChatEvent.Quit event) {
        return notice(event.user().nick() + " quit" + because(event.reason()));
    }

    @Override
    public ByteBuffer nickChanged(ChatEvent.NickChanged event) {
        return notice(event.oldNick() + " is now known as " + event.user().nick());
    }

    @Override
    public ByteBuffer roomMessage(ChatEvent.RoomMessage event) {
        return said(event.millis(), event.kind(), event.user().nick(), event.text());
    }

    /** A line of a room's history, as it was shown when it was said. */
    ByteBuffer history(HistoryEntry entry) {
        return said(entry.millis(), entry.kind(), entry.nick(), entry.text());
    }

    private ByteBuffer said(long millis, ChatEvent.Kind kind, String nick, String text) {
        return line(stamp(millis) + switch (kind) {
            case SAY -> " <" + nick + "> " + text;
            case ACTION -> " * " + nick + " " + text;
            case NOTICE -> " -" + nick + "- " + text;
        });
    }

    @Override
    public ByteBuffer privateMessage(ChatEvent.PrivateMessage event) {
        String nick = event.user().nick();
        String text = event.text();
        return line(stamp(event.millis()) + switch (event.kind()) {
            // Every private line starts "*nick*", so that a reader tells it from a room's line by that alone.
            case SAY -> " *" + nick + "* " + text;
            case ACTION -> " *" + nick + "* * " + nick + " " + text;
            case NOTICE -> " *" + nick + "* -" + nick + "- " + text;
        });
    }

    @Override
    public ByteBuffer kicked(ChatEvent.Kicked event) {
        return notice(event.target().nick() + " was put out of " + event.room().name() + " by " + event.user().nick()
                + because(event.reason()));
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
        return notice(event.user().nick() + " invites you to " + event.room().name() + "; /join "
                + event.room().name() + " to accept");
    }

    @Override
    public ByteBuffer fileOffered(ChatEvent.FileOffered event) {
        return notice(event.user().nick() + " offers you " + event.transfer().fileName() + " ("
                + event.transfer().humanSize() + "); receive files with a frame client");
    }

    @Override
    public ByteBuffer killed(ChatEvent.Killed event) {
        // Not an error(): an operator's reason may be as long as an IRC line, and is not an echo.
        return line("! disconnected by " + event.user().nick() + because(event.reason()) + ", closing");
    }

    /** What the sender of a private message sees. */
    ByteBuffer sent(String toNick, String text, long millis) {
        return line(stamp(millis) + " -> *" + toNick + "* " + text);
    }

    /** {@code HH:MM:SS} in the server's time zone, made once per second however many lines use it. */
    String stamp(long millis) {
        long second = Math.floorDiv(millis, 1000);
        if (second != stampSecond) {
            LocalTime time = LocalTime.ofInstant(Instant.ofEpochSecond(second), zone);
            stamp = String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
            stampSecond = second;
        }
        return stamp;
    }

    private static String because(String reason) {
        return reason == null || reason.isEmpty() ? "" : " (" + reason + ")";
    }
}
