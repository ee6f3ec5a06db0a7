package reactorchat.protocol.line;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import reactorchat.chat.Chat;
import reactorchat.chat.ChatEvent;
import reactorchat.chat.ChatEvent.Kind;
import reactorchat.chat.HistoryEntry;
import reactorchat.chat.JoinResult;
import reactorchat.chat.Names;
import reactorchat.chat.Room;
import reactorchat.chat.RoomHistory;
import reactorchat.chat.Topic;
import reactorchat.chat.User;
import reactorchat.codec.Decoder;
import reactorchat.codec.LineDecoder;
import reactorchat.codec.Text;
import reactorchat.protocol.ChatSession;
import reactorchat.protocol.CommandCost;
import reactorchat.protocol.HistoryRequest;
import reactorchat.protocol.SessionOptions;
import reactorchat.reactor.Connection;

/** One person on the line dialect: their lines become chat commands, chat events become lines. */
final class LineSession extends ChatSession<LineDecoder.Sink> implements LineDecoder.Sink {
    /** Nicks per line of a {@code /who} answer, so a big room does not make one giant line. */
    private static final int NICKS_PER_LINE = 20;

    private final LineFormat format;
    private Room room;

    LineSession(Chat chat, LineFormat format, SessionOptions options, Connection connection,
                Decoder<LineDecoder.Sink> decoder) {
        super(chat, connection, decoder, options);
        this.format = format;
        if (options.needsPassword()) {
            notice("welcome to reactor-chat; this server needs a password: /pass PASSWORD");
        } else {
            enter();
        }
    }

    /** Makes the client a chat user, in the lobby if it may enter it. */
    private void enter() {
        this.user = chat.connect(this, connection.peerHost());
        JoinResult entry = chat.join(user, LineDialect.LOBBY);
        // The lobby exists even if its operators (IRC users) have locked it; then the newcomer is in no room.
        this.room = chat.room(LineDialect.LOBBY).orElseThrow();
        if (entry == JoinResult.JOINED) {
            notice("welcome to reactor-chat, you are " + user.nick() + " in " + room.name() + " (" + people(room)
                    + "); /help lists the commands");
            topic(room);
            replay(chat.historyOnJoin(user, room));
        } else {
            notice("welcome to reactor-chat, you are " + user.nick() + "; /help lists the commands");
            error(entry.refusal(room.name()) + "; /join another room");
        }
    }

    @Override
    public void line(byte[] bytes, int offset, int length) {
        if (!connection.isOpen()) {
            return; // after /quit, whatever else was in the same read is ignored
        }
        String text = Text.clean(bytes, offset, length);
        if (user != null && text.startsWith("/") && !text.startsWith("//")) {
            command(text);
        } else if (!charge(1)) {
            return;
        } else if (user == null) {
            beforePassword(text);
        } else if (text.startsWith("//")) {
            say(Kind.SAY, text.substring(1));
        } else if (!text.isBlank()) {
            say(Kind.SAY, text);
        }
    }

    /** Until the password is given, nothing of the chat is reachable: only /pass and /quit are. */
    private void beforePassword(String text) {
        if (text.startsWith("/pass ")) {
            if (options.isPassword(text.substring("/pass ".length()))) {
                enter();
            } else {
                refuse(null, LineFormat.error("wrong password, closing"), "wrong password");
            }
        } else if (text.equals("/quit") || text.startsWith("/quit ")) {
            leave(null, LineFormat.notice("bye"), "quit");
        } else {
            error("this server needs a password first: /pass PASSWORD");
        }
    }

    @Override
    public void lineTooLong(int maxLength) {
        if (!connection.isOpen()) {
            return; // after /quit, as for any other line
        }
        if (charge(1)) {
            error("line too long (max " + maxLength + " bytes)");
        }
    }

    @Override
    protected boolean hears(ChatEvent event) {
        return event.user() != user || event.isMessage(); // the command that caused it has already answered
    }

    @Override
    protected LineFormat format() {
        return format;
    }

    @Override
    protected ByteBuffer lastWords(Ending ending) {
        return switch (ending) {
            case PEER_CLOSED -> null;
            case IDLE -> LineFormat.error("idle for " + connection.limits().idleTimeoutSeconds() + " seconds, closing");
            case EXCESS_FLOOD -> LineFormat.error("excess flood: more than " + options.input().floodRate()
                    + " lines a second for " + options.input().floodTimeoutSeconds() + " seconds, closing");
            case UNFINISHED -> LineFormat.error("line not finished within " + options.partialTimeoutSeconds() + " seconds, closing");
            case NO_MEMORY -> LineFormat.error("server busy: no memory to hold your input, closing");
            case SHUTDOWN -> LineFormat.notice("server shutting down");
        };
    }

    void nick(String arguments) {
        switch (chat.rename(user, arguments)) {
            case CHANGED -> notice("you are now known as " + user.nick());
            case UNCHANGED -> notice("you are already " + user.nick());
            case INVALID -> error("invalid nick: " + arguments + " (" + Names.NICK_RULE + ")");
            case IN_USE -> error("nick in use: " + arguments);
        }
    }

    void join(String arguments) {
        String name = strip(arguments);
        JoinResult result = chat.join(user, name);
        switch (result) {
            case INVALID -> error("invalid room name: " + arguments + " (" + Names.ROOM_RULE + ")");
            case ALREADY_THERE -> notice("you are already in " + room.name());
            case JOINED -> {
                Room previous = room;
                room = chat.room(name).orElseThrow();
                if (previous != room) { // it is the same room when coming back after a kick or a refusal
                    chat.part(user, previous, "");
                }
                notice("you are now in " + room.name() + " (" + people(room) + ")");
                topic(room);
                replay(chat.historyOnJoin(user, room));
            }
            default -> error(result.refusal(name));
        }
    }

    void rooms(String arguments) {
        List<Room> all = chat.visibleRooms(user);
        notice(all.size() + (all.size() == 1 ? " room:" : " rooms:"));
        for (Room each : all) {
            notice("  " + each.name() + " (" + people(each) + ")");
        }
    }

    void who(String arguments) {
        // A bare /who names the room the user was last sent to, which a kick may have shut them out of.
        Optional<Room> target = arguments.isEmpty() ? Optional.of(room).filter(each -> each.isVisibleTo(user))
                : chat.visibleRoom(user, strip(arguments));
        if (target.isEmpty()) {
            error("no such room: " + (arguments.isEmpty() ? room.name() : arguments));
            return;
        }
        List<String> nicks = new ArrayList<>();
        for (User member : target.get().membersShownTo(user)) {
            nicks.add(member.nick());
        }
        String heading = people(target.get()) + " in " + target.get().name() + ": ";
        for (int from = 0; from < nicks.size(); from += NICKS_PER_LINE) {
            List<String> chunk = nicks.subList(from, Math.min(nicks.size(), from + NICKS_PER_LINE));
            notice((from == 0 ? heading : "  ") + String.join(", ", chunk));
        }
        int quiet = target.get().size() - nicks.size();
        if (quiet > 0) {
            notice("  and " + quiet + " who came in quietly and have not spoken");
        }
    }

    void history(String arguments) {
        int lines = historyLines(arguments);
        if (lines < 0) {
            error("usage: " + LineCommand.HISTORY.usage() + " (N a number from 1 to "
                    + chat.history().limits().linesPerRoom() + ")");
            return;
        }
        Optional<RoomHistory> history = chat.history(user, room);
        if (history.isEmpty()) {
            error("you are no longer in " + room.name() + ", /join a room");
            return;
        }
        List<HistoryEntry> entries = history.get().latest(lines);
        if (entries.isEmpty()) {
            notice("no history of " + room.name());
        } else {
            replay(entries);
        }
    }

    /** What /history costs against the flood budget: by the lines it asks for. */
    int historyCost(String arguments) {
        return CommandCost.ofHistory(Math.max(0, historyLines(arguments)));
    }

    /** The lines /history asks for, at most what a room keeps; -1 if that is not a number from 1 on. */
    private int historyLines(String arguments) {
        return HistoryRequest.lines(arguments, chat.history().limits().linesPerRoom());
    }

    /** Shows lines of the room's history between a heading and an end, so a program can tell them from live ones. */
    private void replay(List<HistoryEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        notice("history of " + room.name() + ": " + (entries.size() == 1 ? "1 line" : entries.size() + " lines"));
        for (HistoryEntry entry : entries) {
            connection.send(format.history(entry));
        }
        notice("end of history of " + room.name());
    }

    void msg(String arguments) {
        int space = arguments.indexOf(' ');
        String text = space < 0 ? "" : arguments.substring(space + 1).strip();
        if (text.isEmpty()) {
            error("usage: " + LineCommand.MSG.usage());
            return;
        }
        String nick = arguments.substring(0, space);
        chat.tell(user, nick, Kind.SAY, text).ifPresentOrElse(
                told -> connection.send(format.sent(told.to().nick(), text, told.millis())),
                () -> error("no such nick: " + nick));
    }

    void me(String arguments) {
        say(Kind.ACTION, arguments);
    }

    void quit(String arguments) {
        // Prefixed as IRC clients' reasons are, so no user can pass off a quit as the server's.
        leave(arguments.isEmpty() ? "" : "Quit: " + arguments, LineFormat.notice("bye"), "quit");
    }

    void help(String arguments) {
        notice("type a line to say it to your room; //text says a line that starts with /");
        for (LineCommand command : LineCommand.values()) {
            notice(String.format("  %-18s %s", command.usage(), command.description));
        }
    }

    /** What /rooms costs against the flood budget. */
    int roomsCost(String arguments) {
        return CommandCost.ofRooms(chat);
    }

    /** What /who costs against the flood budget: a bare one lists the user's room. */
    int whoCost(String arguments) {
        return CommandCost.ofMembers(chat, user, arguments.isEmpty() ? room.name() : strip(arguments));
    }

    /** Charges the command its cost, then runs it. */
    private void command(String text) {
        int space = text.indexOf(' ');
        String name = space < 0 ? text.substring(1) : text.substring(1, space);
        String arguments = space < 0 ? "" : text.substring(space + 1).strip();
        LineCommand command = LineCommand.named(name);
        if (!charge(command == null ? 1 : command.cost.applyAsInt(this, arguments))) {
            return;
        }
        if (command == null) {
            error("unknown command /" + name + ", try /help");
        } else if (command.needsArguments && arguments.isEmpty()) {
            error("usage: " + command.usage());
        } else {
            command.handler.accept(this, arguments);
        }
    }

    private void say(Kind kind, String text) {
        switch (chat.say(user, room, kind, text)) {
            case DONE -> { }
            case NO_CTCP -> error(room.name() + " takes no messages that ask readers' programs to answer");
            case MODERATED -> error(room.name() + " is moderated: only its operators and voiced users may speak");
            default -> error("you are no longer in " + room.name() + ", /join a room");
        }
    }

    private static String strip(String roomName) {
        return roomName.startsWith("#") ? roomName.substring(1) : roomName;
    }

    /** Tells a newcomer the room's topic, if it has one, as IRC does on a join. */
    private void topic(Room room) {
        Topic topic = room.topic();
        if (topic != null && !topic.text().isEmpty()) {
            notice("topic of " + room.name() + ": " + topic.text());
        }
    }

    private static String people(Room room) {
        return room.size() == 1 ? "1 user" : room.size() + " users";
    }

    private void notice(String text) {
        connection.send(LineFormat.notice(text));
    }

    private void error(String text) {
        connection.send(LineFormat.error(text));
    }
}
