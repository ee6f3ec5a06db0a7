package reactorchat.protocol.frame;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import reactorchat.chat.Chat;
import reactorchat.chat.ChatEvent.Kind;
import reactorchat.chat.HistoryEntry;
import reactorchat.chat.JoinResult;
import reactorchat.chat.Names;
import reactorchat.chat.Outcome;
import reactorchat.chat.Room;
import reactorchat.chat.RoomHistory;
import reactorchat.chat.Transfer;
import reactorchat.codec.Frame;
import reactorchat.codec.FrameDecoder;
import reactorchat.codec.Text;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;
import reactorchat.protocol.ChatSession;
import reactorchat.protocol.CommandCost;
import reactorchat.protocol.HistoryRequest;
import reactorchat.protocol.PacedInput;
import reactorchat.protocol.SessionOptions;
import reactorchat.reactor.Connection;
import reactorchat.reactor.WaterMarks;

/** One program on the frame dialect: its frames become chat commands, chat events become frames. */
final class FrameSession extends ChatSession<FrameDecoder.Sink> implements FrameDecoder.Sink {
    /** What a client may send before it has given the server's password. */
    private static final Set<FrameCommand> BEFORE_PASSWORD = EnumSet.of(FrameCommand.PASS, FrameCommand.QUIT,
            FrameCommand.PING);

    private final FrameFormat format;
    /** Set once the client is a chat user. */
    private FileRelay files;

    FrameSession(Chat chat, FrameFormat format, FrameOptions options, SessionOptions sessionOptions,
                 Connection connection) {
        super(chat, connection, new FrameDecoder(options.maxFrameBytes(), connection.memory()), sessionOptions);
        this.format = format;
        if (!sessionOptions.needsPassword()) {
            enter();
        }
    }

    /** Makes the client a chat user and welcomes it. */
    private void enter() {
        this.user = chat.connect(this, connection.peerHost());
        this.files = new FileRelay(this, chat.transfers(), user);
        connection.watchWaterMarks(WaterMarks.DEFAULTS); // a receiver's queue paces the sender of its file
        send(FrameFormat.frame(ToClient.WELCOME, FrameDialect.SERVER_NAME, Integer.toString(Frame.VERSION), user.nick()));
    }

    @Override
    public void frame(Frame frame) {
        if (!connection.isOpen()) {
            return; // after QUIT, whatever else was in the same read is ignored
        }
        FrameCommand command = FrameCommand.of(frame.type());
        if (command != FrameCommand.CHUNK && !charge(cost(command, frame))) {
            return;
        }
        if (command == null) {
            error("bad-frame", String.format("unknown type 0x%02x", frame.type()), "");
        } else if (user == null && !BEFORE_PASSWORD.contains(command)) {
            error("password-required", "this server needs a password: send PASS with it first", command.type.name());
        } else if (frame.fields().size() < command.type.fields) {
            error("bad-frame", command.type + " needs " + command.type.fields + " fields, got " + frame.fields().size(),
                    command.type.name());
        } else {
            command.handler.accept(this, frame);
        }
    }

    /** What a frame costs against the flood budget: its command's price once it may run, else one. */
    private int cost(FrameCommand command, Frame frame) {
        boolean runs = command != null && user != null && frame.fields().size() >= command.type.fields;
        return runs ? command.cost.applyAsInt(this, frame) : 1;
    }

    @Override
    public void badFrame(FrameDecoder.Fault fault, int type, String why) {
        if (!connection.isOpen()) {
            return; // after QUIT, as for any other frame
        }
        if (!charge(1)) {
            return;
        }
        ToServer known = ToServer.of(type);
        error(fault.code, why, known == null ? "" : known.name());
    }

    @Override
    public void frameTooLong(long length, int maxFrame) {
        if (!connection.isOpen()) {
            return; // after QUIT the user has left the chat already
        }
        leave("frame too long", FrameFormat.error("frame-too-long", "a frame may be at most " + maxFrame
                + " bytes, this one is " + length + "; closing", ""), "frame too long");
    }

    @Override
    protected FrameFormat format() {
        return format;
    }

    @Override
    protected ByteBuffer lastWords(Ending ending) {
        return switch (ending) {
            case PEER_CLOSED -> null;
            case IDLE -> FrameFormat.frame(ToClient.BYE, quitReason(ending));
            case EXCESS_FLOOD -> FrameFormat.error("excess-flood", "more than " + options.input().floodRate()
                    + " frames a second for " + options.input().floodTimeoutSeconds() + " seconds; closing", "");
            case UNFINISHED -> FrameFormat.error("frame-timeout", "a frame was started and not finished within "
                    + options.partialTimeoutSeconds() + " seconds; closing", "");
            case NO_MEMORY -> FrameFormat.error("server-busy", "the server has no memory for your input now; closing", "");
            case SHUTDOWN -> FrameFormat.frame(ToClient.BYE, "server shutting down");
        };
    }

    @Override
    public boolean receivesFiles() {
        return true;
    }

    @Override
    public void transferChanged(Transfer transfer, Transfer.Change change, String reason) {
        files.changed(transfer, change, reason);
    }

    @Override
    public void onWritable() {
        files.receiverDrained();
    }

    void nick(Frame frame) {
        String nick = frame.field(0);
        switch (chat.rename(user, nick)) {
            case CHANGED -> { } // NICK came with the event, to this user too
            case UNCHANGED -> send(FrameFormat.frame(ToClient.NICK, user.nick(), user.nick()));
            case INVALID -> error("invalid-nick", "invalid nick: " + nick + " (" + Names.NICK_RULE + ")", "NICK");
            case IN_USE -> error("nick-in-use", "nick in use: " + nick, "NICK");
        }
    }

    void join(Frame frame) {
        String name = strip(frame.field(0));
        JoinResult result = chat.join(user, name);
        switch (result) {
            case JOINED -> { } // JOINED came with the event, to this user too
            case ALREADY_THERE -> send(FrameFormat.frame(ToClient.JOINED, chat.room(name).orElseThrow().name(), user.nick()));
            case INVALID -> error("invalid-room", "invalid room name: " + name + " (" + Names.ROOM_RULE + ")", "JOIN");
            default -> error("cannot-join", result.refusal(name), "JOIN");
        }
    }

    void part(Frame frame) {
        String name = strip(frame.field(0));
        Optional<Room> room = chat.room(name).filter(each -> each.contains(user));
        if (room.isEmpty()) {
            error("not-in-room", "you are not in " + name, "PART");
            return;
        }
        chat.part(user, room.get(), Text.clean(frame.field(1)));
    }

    void say(Frame frame) {
        String name = strip(frame.field(0));
        String text = Text.clean(frame.field(1));
        Optional<Room> room = chat.room(name);
        if (text.isBlank()) {
            error("bad-frame", "nothing to say", "SAY");
            return;
        }
        switch (room.isEmpty() ? Outcome.NOT_MEMBER : chat.say(user, room.get(), Kind.SAY, text)) {
            case DONE -> { }
            case NO_CTCP -> error("cannot-speak", name + " takes no messages that ask readers' programs to answer",
                    "SAY");
            case MODERATED -> error("cannot-speak", name + " is moderated: only its operators and voiced users may speak",
                    "SAY");
            default -> error("not-in-room", "you are not in " + name, "SAY");
        }
    }

    void tell(Frame frame) {
        String nick = frame.field(0);
        String text = Text.clean(frame.field(1));
        if (text.isBlank()) {
            error("bad-frame", "nothing to say", "TELL");
            return;
        }
        chat.tell(user, nick, Kind.SAY, text).ifPresentOrElse(told -> {
            if (told.to() != user) { // the chat has told the receiver; the sender gets the same frame
                send(FrameFormat.told(told));
            }
        }, () -> error("no-such-nick", "no such nick: " + nick, "TELL"));
    }

    /** HISTORY room [lines] [before-id]: a member's look at what was said in the room, oldest first. */
    void history(Frame frame) {
        String name = strip(frame.field(0));
        int lines = historyLines(frame);
        if (lines < 0) {
            error("bad-frame", "lines must be a number from 1 to " + chat.history().limits().linesPerRoom(), "HISTORY");
            return;
        }
        Optional<RoomHistory> history = chat.room(name).flatMap(room -> chat.history(user, room));
        if (history.isEmpty()) {
            error("not-in-room", "you are not in " + name, "HISTORY");
            return;
        }
        String before = frame.field(2);
        List<HistoryEntry> entries = before.isEmpty() ? history.get().latest(lines)
                : history.get().before(RoomHistory.Anchor.id(before), lines);
        for (HistoryEntry entry : entries) {
            send(FrameFormat.history(entry));
        }
        send(FrameFormat.frame(ToClient.HISTORY_END, chat.room(name).orElseThrow().name(),
                Integer.toString(entries.size())));
    }

    int historyCost(Frame frame) {
        return CommandCost.ofHistory(Math.max(0, historyLines(frame)));
    }

    /** The lines HISTORY asks for (20 if none), at most what a room keeps; -1 if not a number from 1 on. */
    private int historyLines(Frame frame) {
        return HistoryRequest.lines(frame.field(1), chat.history().limits().linesPerRoom());
    }

    void rooms(Frame frame) {
        send(FrameFormat.rooms(chat.visibleRooms(user)));
    }

    int roomsCost(Frame frame) {
        return CommandCost.ofRooms(chat);
    }

    int whoCost(Frame frame) {
        return CommandCost.ofMembers(chat, user, strip(frame.field(0)));
    }

    void who(Frame frame) {
        String name = strip(frame.field(0));
        chat.visibleRoom(user, name).ifPresentOrElse(
                room -> send(FrameFormat.who(room, user)),
                () -> error("no-such-room", "no such room: " + name, "WHO"));
    }

    void quit(Frame frame) {
        String reason = Text.clean(frame.field(0));
        // Prefixed as IRC clients' reasons are, so no user can pass off a quit as the server's.
        String shown = reason.isEmpty() ? "" : "Quit: " + reason;
        leave(shown, FrameFormat.frame(ToClient.BYE, shown), "quit");
    }

    /** PASS password: makes the client a user if the server needs a password; ignored otherwise. */
    void pass(Frame frame) {
        if (user != null) {
            return;
        }
        if (options.isPassword(frame.field(0))) {
            enter();
        } else {
            refuse(null, FrameFormat.error("bad-password", "wrong password; closing", "PASS"), "wrong password");
        }
    }

    void ping(Frame frame) {
        send(FrameFormat.frame(ToClient.PONG, frame.field(0)));
    }

    FileRelay files() {
        return files;
    }

    PacedInput<FrameDecoder.Sink> input() {
        return input;
    }

    Connection connection() {
        return connection;
    }

    void send(ByteBuffer bytes) {
        connection.send(bytes);
    }

    void error(String code, String message, String answering) {
        send(FrameFormat.error(code, message, answering));
    }

    private static String strip(String roomName) {
        return roomName.startsWith("#") ? roomName.substring(1) : roomName;
    }
}
