package reactorchat.protocol.irc;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import reactorchat.chat.HistoryEntry;
import reactorchat.chat.Room;
import reactorchat.chat.RoomHistory;
import reactorchat.chat.RoomHistory.Anchor;
import reactorchat.codec.Text;
import reactorchat.protocol.CommandCost;

/**
 * CHATHISTORY (IRCv3 draft/chathistory) over the chat's room history: LATEST, BEFORE, AFTER,
 * AROUND, BETWEEN and TARGETS, each answered with a batch of at most {@link #MAX_LIMIT} messages
 * carrying their own time and id. Only a channel's members may read it, as in every dialect;
 * private messages are not kept (there are no accounts to say whose they are), so a nick is no
 * target.
 */
final class ChatHistoryCommand {
    /** Messages one request may get (the {@code CHATHISTORY=} token). */
    static final int MAX_LIMIT = 100;

    private ChatHistoryCommand() {
    }

    static void chathistory(IrcSession session, IrcMessage message) {
        String sub = message.param(0).toUpperCase(Locale.ROOT);
        if (sub.equals("TARGETS")) {
            targets(session, message);
            return;
        }
        int limitAt = sub.equals("BETWEEN") ? 4 : 3;
        if (!List.of("LATEST", "BEFORE", "AFTER", "AROUND", "BETWEEN").contains(sub)) {
            fail(session, "INVALID_PARAMS", Text.echo(message.param(0)), "Unknown subcommand");
            return;
        }
        int limit = limit(message.param(limitAt));
        Anchor first = sub.equals("LATEST") && message.param(2).equals("*") ? null : anchor(message.param(2));
        Anchor second = sub.equals("BETWEEN") ? anchor(message.param(3)) : null;
        if (limit < 0 || (first == null && !sub.equals("LATEST")) || (sub.equals("BETWEEN") && second == null)
                || (sub.equals("LATEST") && first == null && !message.param(2).equals("*"))) {
            fail(session, "INVALID_PARAMS", sub, "Bad message reference or limit");
            return;
        }
        String target = message.param(1);
        Optional<Room> room = ChannelCommands.visible(session, target)
                .filter(r -> r.contains(session.user));
        Optional<RoomHistory> history = room.flatMap(r -> session.chat.history(session.user, r));
        if (history.isEmpty()) {
            fail(session, "INVALID_TARGET", sub + " " + Text.echo(target),
                    "Only the history of a channel you are in is kept");
            return;
        }
        RoomHistory kept = history.get();
        List<HistoryEntry> entries = switch (sub) {
            case "LATEST" -> first == null ? kept.latest(limit) : newest(kept.after(first, kept.size()), limit);
            case "BEFORE" -> kept.before(first, limit);
            case "AFTER" -> kept.after(first, limit);
            case "AROUND" -> kept.around(first, limit);
            default -> sorted(kept.between(first, second, limit));
        };
        String channel = IrcFormat.channel(room.get());
        String batch = session.nextBatch();
        StringBuilder lines = new StringBuilder(":" + session.dialect.serverName + " BATCH +" + batch + " chathistory "
                + channel + "\r\n");
        for (HistoryEntry entry : entries) {
            lines.append(IrcFormat.fromHistory(entry, channel, batch));
        }
        lines.append(":").append(session.dialect.serverName).append(" BATCH -").append(batch).append("\r\n");
        session.sendBatch(lines.toString());
    }

    /** CHATHISTORY costs what a listing of the messages it may answer with does. */
    static int cost(IrcSession session, IrcMessage message) {
        return CommandCost.listing(Math.max(0, limit(message.param(message.param(0).equalsIgnoreCase("BETWEEN") ? 4 : 3))));
    }

    /**
     * TARGETS from to limit: the channels the user is in whose latest message was said between
     * the two times, oldest first, each with that time.
     */
    private static void targets(IrcSession session, IrcMessage message) {
        Anchor from = anchor(message.param(1));
        Anchor to = anchor(message.param(2));
        int limit = limit(message.param(3));
        if (from == null || to == null || from.id() != null || to.id() != null || limit < 0) {
            fail(session, "INVALID_PARAMS", "TARGETS", "Give two timestamps and a limit");
            return;
        }
        long low = Math.min(from.millis(), to.millis());
        long high = Math.max(from.millis(), to.millis());
        List<HistoryEntry> latest = new ArrayList<>();
        for (Room room : session.user.rooms()) {
            session.chat.history(session.user, room).map(kept -> kept.latest(1)).orElse(List.of()).stream()
                    .filter(entry -> entry.millis() > low && entry.millis() < high)
                    .forEach(latest::add);
        }
        latest.sort(Comparator.comparingLong(HistoryEntry::millis));
        String batch = session.nextBatch();
        String server = ":" + session.dialect.serverName;
        StringBuilder lines = new StringBuilder(server + " BATCH +" + batch + " draft/chathistory-targets\r\n");
        for (HistoryEntry entry : latest.subList(0, Math.min(limit, latest.size()))) {
            lines.append("@batch=").append(batch).append(' ').append(server).append(" CHATHISTORY TARGETS #")
                    .append(entry.room()).append(' ').append(IrcFormat.time(entry.millis())).append("\r\n");
        }
        lines.append(server).append(" BATCH -").append(batch).append("\r\n");
        session.sendBatch(lines.toString());
    }

    /** The newest {@code limit} of {@code entries}, oldest first. */
    private static List<HistoryEntry> newest(List<HistoryEntry> entries, int limit) {
        return entries.subList(Math.max(0, entries.size() - limit), entries.size());
    }

    /** BETWEEN paging backwards answers newest first; a batch is always oldest first. */
    private static List<HistoryEntry> sorted(List<HistoryEntry> entries) {
        List<HistoryEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(HistoryEntry::millis));
        return sorted;
    }

    /** {@code msgid=ID} or {@code timestamp=TIME}; null if it is neither. */
    private static Anchor anchor(String reference) {
        if (reference.startsWith("msgid=") && reference.length() > "msgid=".length()) {
            return Anchor.id(reference.substring("msgid=".length()));
        }
        if (reference.startsWith("timestamp=")) {
            try {
                return Anchor.time(Instant.parse(reference.substring("timestamp=".length())).toEpochMilli());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** The limit asked for, at most {@link #MAX_LIMIT}; -1 if it is no number. */
    private static int limit(String given) {
        return given.matches("[0-9]{1,6}") ? Math.min(MAX_LIMIT, Integer.parseInt(given)) : -1;
    }

    private static void fail(IrcSession session, String code, String context, String description) {
        session.send(":" + session.dialect.serverName + " FAIL CHATHISTORY " + code + " " + context + " :" + description);
    }
}
