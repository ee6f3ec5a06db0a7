package reactorchat.protocol.irc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import reactorchat.chat.ChatEvent;
import reactorchat.chat.ChatEvent.Kind;
import reactorchat.chat.EventEncoder;
import reactorchat.chat.HistoryEntry;
import reactorchat.chat.Room;
import reactorchat.chat.RoomMode;
import reactorchat.chat.User;

/**
 * The irc dialect's wire form of chat events: one IRC message each, CRLF-ended, from the acting
 * user's {@code nick!ident@host}. A PRIVMSG or NOTICE carries at most what a client may send in
 * one (510 bytes before the source is added, as servers relay a full-length client message
 * unchanged); a longer text, which only line users can send (up to {@code --max-line}), is split
 * into several messages, never inside a character, and keeps its text.
 */
final class IrcFormat implements EventEncoder {
    /** Shapes of output a session's capabilities ask for; a format is made for each combination. */
    static final int SERVER_TIME = 1;
    static final int MESSAGE_TAGS = 2;
    static final int EXTENDED_JOIN = 4;
    static final int SHAPES = 8;
    /** IRCv3 server-time: UTC, to the millisecond. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** RFC 1459 section 2.3: a message is at most 512 bytes, CRLF included. */
    static final int MAX_LINE_BYTES = 510;
    /** IRCv3 message-tags: a client's tags, between the {@code @} and the space, are at most this long. */
    static final int MAX_TAG_BYTES = 4094;
    /** The longest line a client may send: its tags with their {@code @} and space, and a message. */
    static final int MAX_INPUT_BYTES = MAX_TAG_BYTES + 2 + MAX_LINE_BYTES;
    /** The CTCP wrapping of {@code /me} (CTCP ACTION, the form every client sends and shows). */
    static final String ACTION_START = "\u0001ACTION ";
    static final String ACTION_END = "\u0001";

    /**
     * One IRC message as shared, read-only bytes. Every single-line message is made here, and
     * cleaned here: whatever part of it came from a user or another dialect, it cannot carry a
     * CR, LF or NUL, and it is cut at 510 bytes (never inside a character) so that it fits RFC
     * 1459's 512 with its CRLF. Only a reply that repeats a client's own over-long parameter gets
     * near that (a 432 for a 500-byte nick): its tail is lost rather than the message being one
     * no client has to accept.
     */
    static ByteBuffer bytes(String line) {
        String safe = safe(line);
        byte[] bytes = (safe + "\r\n").getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_LINE_BYTES + 2) {
            // Tags (IRCv3 message-tags) have their own limit: only what follows them is cut.
            String tags = safe.startsWith("@") ? safe.substring(0, safe.indexOf(' ') + 1) : "";
            String rest = safe.substring(tags.length());
            if (bytes.length - utf8Length(tags) > MAX_LINE_BYTES + 2) {
                bytes = (tags + chunks(rest, MAX_LINE_BYTES).get(0) + "\r\n").getBytes(StandardCharsets.UTF_8);
            }
        }
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    private final Clock clock;
    private final int shape;

    /** A format for sessions whose capabilities ask for {@code shape}: a sum of {@link #SERVER_TIME} and the others. */
    IrcFormat(Clock clock, int shape) {
        this.clock = clock;
        this.shape = shape;
    }

    /**
     * The tags an event is sent with to this format's sessions, {@code @...} and a space, or empty:
     * its time (now, for an event that has none), its message id if it has one, and the tags its
     * sender asked to be relayed.
     */
    private String tags(long millis, String id, String clientTags) {
        StringBuilder tags = new StringBuilder();
        if ((shape & SERVER_TIME) != 0) {
            tags.append("time=").append(time(millis));
        }
        if ((shape & MESSAGE_TAGS) != 0) {
            if (id != null) {
                tags.append(tags.length() == 0 ? "" : ";").append("msgid=").append(id);
            }
            if (!clientTags.isEmpty()) {
                tags.append(tags.length() == 0 ? "" : ";").append(clientTags);
            }
        }
        return tags.length() == 0 ? "" : "@" + tags + " ";
    }

    /** The tags of an event that is no message: its time, if asked for. */
    private String tags() {
        return (shape & SERVER_TIME) == 0 ? "" : tags(clock.millis(), null, "");
    }

    /** {@code line} with {@code tag} ({@code name=value}) added to its tags, for one session's output alone. */
    static String withTag(String line, String tag) {
        return line.startsWith("@") ? "@" + tag + ";" + line.substring(1) : "@" + tag + " " + line;
    }

    /** {@code nick!ident@host}, the source of everything a user does, with the host others are shown (a cloak). */
    static String source(User user) {
        return user.nick() + "!" + user.ident() + "@" + user.host();
    }

    /** {@code nick!ident@address}, for the log: the operator's own machine keeps real addresses. */
    static String logged(User user) {
        return user.nick() + "!" + user.ident() + "@" + user.address();
    }

    static String channel(Room room) {
        return "#" + room.name();
    }

    /**
     * Text without CR, LF or NUL, whichever dialect it came from, so that no relayed text can end
     * an IRC message early or start another (RFC 2812 section 2.3.1).
     */
    static String safe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                return text.replace("\r", "").replace("\n", "").replace("\0", "");
            }
        }
        return text;
    }

    static char letter(RoomMode mode) {
        return switch (mode) {
            case NO_EXTERNAL -> 'n';
            case TOPIC_LOCK -> 't';
            case MODERATED -> 'm';
            case INVITE_ONLY -> 'i';
            case SECRET -> 's';
            case NO_CTCP -> 'C';
            case KEY -> 'k';
            case LIMIT -> 'l';
            case OPERATOR -> 'o';
            case VOICE -> 'v';
            case BAN -> 'b';
            case BAN_EXCEPTION -> 'e';
            case INVITE_EXCEPTION -> 'I';
        };
    }

    /** The room mode an IRC mode letter stands for, or null if this server has no such mode. */
    static RoomMode mode(char letter) {
        for (RoomMode mode : RoomMode.values()) {
            if (letter(mode) == letter) {
                return mode;
            }
        }
        return null;
    }

    /** IRC's form of a list of changes: {@code +ov-k alice bob key}. */
    static String modeString(List<RoomMode.Change> changes) {
        StringBuilder letters = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        Boolean sign = null;
        for (RoomMode.Change change : changes) {
            if (sign == null || sign != change.on()) {
                sign = change.on();
                letters.append(change.on() ? '+' : '-');
            }
            letters.append(letter(change.mode()));
            if (!change.argument().isEmpty()) {
                arguments.append(' ').append(change.argument());
            }
        }
        return letters.append(arguments).toString();
    }

    /**
     * The prefix that shows a member's standing in NAMES and WHO: {@code @}, {@code +} or none;
     * with {@code all} (the multi-prefix capability) both {@code @+} when both apply.
     */
    static String status(Room room, User member, boolean all) {
        String op = room.isOperator(member) ? "@" : "";
        String voice = room.isVoiced(member) && (all || op.isEmpty()) ? "+" : "";
        return op + voice;
    }

    @Override
    public ByteBuffer joined(ChatEvent.Joined event) {
        String extended = (shape & EXTENDED_JOIN) == 0 ? "" : " * :" + event.user().realName(); // no accounts: *
        return bytes(tags() + ":" + source(event.user()) + " JOIN " + channel(event.room()) + extended);
    }

    @Override
    public ByteBuffer left(ChatEvent.Left event) {
        return bytes(tags() + ":" + source(event.user()) + " PART " + channel(event.room()) + reason(event.reason()));
    }

    @Override
    public ByteBuffer quit(ChatEvent.Quit event) {
        return bytes(tags() + ":" + source(event.user()) + " QUIT :" + event.reason());
    }

    @Override
    public ByteBuffer nickChanged(ChatEvent.NickChanged event) {
        User user = event.user();
        return bytes(tags() + ":" + event.oldNick() + "!" + user.ident() + "@" + user.host() + " NICK :" + user.nick());
    }

    @Override
    public ByteBuffer roomMessage(ChatEvent.RoomMessage event) {
        return message(tags(event.millis(), event.id(), event.tags()), event.user(), channel(event.room()), event.kind(),
                event.text());
    }

    @Override
    public ByteBuffer privateMessage(ChatEvent.PrivateMessage event) {
        return message(tags(event.millis(), event.id(), event.tags()), event.user(), event.to().nick(), event.kind(),
                event.text());
    }

    @Override
    public ByteBuffer kicked(ChatEvent.Kicked event) {
        return bytes(tags() + ":" + source(event.user()) + " KICK " + channel(event.room()) + " " + event.target().nick()
                + reason(event.reason()));
    }

    @Override
    public ByteBuffer topicChanged(ChatEvent.TopicChanged event) {
        return bytes(tags() + ":" + source(event.user()) + " TOPIC " + channel(event.room()) + " :" + event.topic());
    }

    @Override
    public ByteBuffer modesChanged(ChatEvent.ModesChanged event) {
        return bytes(tags() + ":" + source(event.user()) + " MODE " + channel(event.room()) + " "
                + modeString(event.changes()));
    }

    @Override
    public ByteBuffer invited(ChatEvent.Invited event) {
        return bytes(tags() + ":" + source(event.user()) + " INVITE " + event.to().nick() + " " + channel(event.room()));
    }

    @Override
    public ByteBuffer fileOffered(ChatEvent.FileOffered event) {
        return message(tags(), event.user(), event.to().nick(), Kind.NOTICE, "offers you " + event.transfer().fileName() + " ("
                + event.transfer().humanSize() + "); receive files with a frame client");
    }

    @Override
    public ByteBuffer killed(ChatEvent.Killed event) {
        // To the target alone, who is told their own address as on every other closing.
        return bytes("ERROR :Closing Link: " + event.target().address() + " (Killed (" + event.user().nick() + " ("
                + event.reason() + ")))");
    }

    @Override
    public ByteBuffer statusMessage(ChatEvent.StatusMessage event) {
        return message(tags(event.millis(), event.id(), event.tags()), event.user(),
                (event.voicedToo() ? "+" : "@") + channel(event.room()), event.kind(), event.text());
    }

    @Override
    public ByteBuffer tagged(ChatEvent.Tagged event) {
        if ((shape & MESSAGE_TAGS) == 0) {
            return null; // TAGMSG only to those who asked for tags
        }
        String target = event.room() != null ? channel(event.room()) : event.to().nick();
        return bytes(tags(event.millis(), event.id(), event.tags()) + ":" + source(event.user()) + " TAGMSG " + target);
    }

    @Override
    public ByteBuffer awayChanged(ChatEvent.AwayChanged event) {
        return bytes(tags() + ":" + source(event.user()) + " AWAY" + (event.away().isEmpty() ? "" : " :" + event.away()));
    }

    @Override
    public ByteBuffer realNameChanged(ChatEvent.RealNameChanged event) {
        return bytes(tags() + ":" + source(event.user()) + " SETNAME :" + event.realName());
    }

    @Override
    public ByteBuffer inviteSeen(ChatEvent.InviteSeen event) {
        return bytes(tags() + ":" + source(event.user()) + " INVITE " + event.to().nick() + " " + channel(event.room()));
    }

    private static String reason(String reason) {
        return reason == null || reason.isEmpty() ? "" : " :" + reason;
    }

    /**
     * A line of a room's history for a client that asked for no way of its own to get it: the
     * message as it was said, from whoever said it, its text led by when ({@code stamp}), as
     * bouncers play their buffers back to clients without server-time.
     */
    static ByteBuffer replayed(Room room, HistoryEntry entry, String stamp) {
        return message("", entry.source(), channel(room), entry.kind(), "[" + stamp + "] " + entry.text());
    }

    /**
     * The same line for a client with server-time: the text as it was said, when it was said in
     * the {@code time} tag (and its {@code msgid} if the client has message-tags), so that the
     * client files it under that time, as a bouncer plays back to such clients.
     */
    static ByteBuffer replayedWithTime(Room room, HistoryEntry entry, boolean withId) {
        String tags = "@time=" + time(entry.millis()) + (withId ? ";msgid=" + entry.id() : "") + " ";
        return message(tags, entry.source(), channel(room), entry.kind(), entry.text());
    }

    /** A message kept in history as CHATHISTORY plays it back in {@code batch}: with the time and id it was said with. */
    static String fromHistory(HistoryEntry entry, String target, String batch) {
        ByteBuffer lines = message("@batch=" + batch + ";time=" + time(entry.millis()) + ";msgid=" + entry.id() + " ",
                entry.source(), target, entry.kind(), entry.text());
        return StandardCharsets.UTF_8.decode(lines).toString();
    }

    /** An IRCv3 server-time timestamp. */
    static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis));
    }

    private static ByteBuffer message(String tags, User from, String target, Kind kind, String text) {
        return message(tags, source(from), target, kind, text);
    }

    private static ByteBuffer message(String tags, String from, String target, Kind kind, String text) {
        String source = tags + ":" + from + " ";
        String head = (kind == Kind.NOTICE ? "NOTICE " : "PRIVMSG ") + target + " :";
        String start = kind == Kind.ACTION ? ACTION_START : "";
        String end = kind == Kind.ACTION ? ACTION_END : "";
        // +1: a client may leave out the colon before a one-word text (RFC 2812 section 2.3.1),
        // so the longest text it can send is one byte longer than the form relayed here allows.
        int room = MAX_LINE_BYTES + 1 - utf8Length(head + start + end);
        StringBuilder lines = new StringBuilder();
        // Cleaned before it is cut, so that every piece is as long as the limit allows.
        for (String chunk : chunks(safe(text), Math.max(room, 1))) {
            lines.append(source).append(head).append(start).append(chunk).append(end).append("\r\n");
        }
        return ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    /** {@code text} cut into pieces of at most {@code maxBytes} UTF-8 bytes, never inside a character. */
    static List<String> chunks(String text, int maxBytes) {
        if (text.length() * 3 <= maxBytes || utf8Length(text) <= maxBytes) {
            return List.of(text);
        }
        List<String> chunks = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int size = utf8Length(text.codePointAt(i));
            if (bytes + size > maxBytes) {
                chunks.add(text.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
        }
        chunks.add(text.substring(start));
        return chunks;
    }

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            bytes += utf8Length(text.codePointAt(i));
        }
        return bytes;
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }
}
