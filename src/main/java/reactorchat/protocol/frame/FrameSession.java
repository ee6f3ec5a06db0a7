package reactorchat.protocol.frame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import reactorchat.chat.Chat;
import reactorchat.chat.Chat.JoinResult;
import reactorchat.chat.ChatEvent;
import reactorchat.chat.ChatEvent.Kind;
import reactorchat.chat.Names;
import reactorchat.chat.Recipient;
import reactorchat.chat.Room;
import reactorchat.chat.SharedEncoding;
import reactorchat.chat.Transfer;
import reactorchat.chat.User;
import reactorchat.codec.Frame;
import reactorchat.codec.FrameDecoder;
import reactorchat.codec.Text;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;
import reactorchat.protocol.FloodBudget;
import reactorchat.protocol.PacedInput;
import reactorchat.protocol.SessionOptions;
import reactorchat.reactor.Connection;
import reactorchat.reactor.ConnectionHandler;
import reactorchat.reactor.WaterMarks;

/** One program on the frame dialect: its frames become chat commands, chat events become frames. */
final class FrameSession implements ConnectionHandler, Recipient, FrameDecoder.Sink {
    /**
     * Rooms one frame user may be in at once, as for IRC users: each room a user holds lets them
     * make the server keep a room, so without a cap one connection could hold unbounded state.
     */
    static final int MAX_ROOMS = 50;

    private final Chat chat;
    private final FrameFormat format;
    private final Connection connection;
    private final PacedInput<FrameDecoder.Sink> input;
    private final User user;
    private final FileRelay files;

    FrameSession(Chat chat, FrameFormat format, FrameOptions options, SessionOptions sessionOptions,
                 Connection connection) {
        this.chat = chat;
        this.format = format;
        this.connection = connection;
        this.input = new PacedInput<>(connection, new FrameDecoder(options.maxFrameBytes(), connection.memory()), this,
                sessionOptions, () -> unfinished(sessionOptions.partialTimeoutSeconds()));
        this.user = chat.connect(this, connection.peerHost());
        this.files = new FileRelay(this, chat.transfers(), user);
        connection.watchWaterMarks(WaterMarks.DEFAULTS); // a receiver's queue paces the sender of its file
        send(FrameFormat.frame(ToClient.WELCOME, FrameDialect.SERVER_NAME, Integer.toString(Frame.VERSION), user.nick()));
    }

    @Override
    public void onBytes(ByteBuffer in) {
        input.decode(in);
    }

    @Override
    public void frame(Frame frame) {
        if (!connection.isOpen()) {
            return; // after QUIT, whatever else was in the same read is ignored
        }
        FrameCommand command = FrameCommand.of(frame.type());
        if (command != FrameCommand.CHUNK && !input.charge()) {
            excessFlood();
            return;
        }
        if (command == null) {
            error("bad-frame", String.format("unknown type 0x%02x", frame.type()), "");
        } else if (frame.fields().size() < command.type.fields) {
            error("bad-frame", command.type + " needs " + command.type.fields + " fields, got " + frame.fields().size(),
                    command.type.name());
        } else {
            command.handler.accept(this, frame);
        }
    }

    @Override
    public void badFrame(FrameDecoder.Fault fault, int type, String why) {
        if (!connection.isOpen()) {
            return; // after QUIT, as for any other frame
        }
        if (!input.charge()) {
            excessFlood();
            return;
        }
        ToServer known = ToServer.of(type);
        error(fault.code, why, known == null ? "" : known.name());
    }

    private void unfinished(int seconds) {
        error("frame-timeout", "a frame was started and not finished within " + seconds + " seconds; closing", "");
        chat.quit(user, "input timeout");
        connection.closeAfterFlush("unfinished frame");
    }

    private void excessFlood() {
        error("excess-flood", "more than " + connection.limits().floodRate() + " frames a second for "
                + connection.limits().floodTimeoutSeconds() + " seconds; closing", "");
        chat.quit(user, FloodBudget.QUIT_REASON);
        connection.closeAfterFlush("excess flood");
    }

    @Override
    public void frameTooLong(long length, int maxFrame) {
        if (!connection.isOpen()) {
            return; // after QUIT the user has left the chat already
        }
        error("frame-too-long", "a frame may be at most " + maxFrame + " bytes, this one is " + length + "; closing", "");
        chat.quit(user, "frame too long");
        connection.closeAfterFlush("frame too long");
    }

    @Override
    public void memoryRefused(long bytes) {
        if (!connection.isOpen()) {
            return;
        }
        error("server-busy", "the server has no memory for a frame of " + bytes + " bytes now; closing", "");
        chat.quit(user, "server busy");
        connection.closeAfterFlush("no memory for its input");
    }

    @Override
    public void receive(ChatEvent event, SharedEncoding shared) {
        send(shared.bytes(format));
        if (event instanceof ChatEvent.Killed) {
            connection.closeAfterFlush("killed by " + event.user().nick());
        }
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

    @Override
    public void onEof() {
        chat.quit(user, "connection closed");
        connection.closeAfterFlush("peer closed");
    }

    @Override
    public void onIdle() {
        int seconds = connection.limits().idleTimeoutSeconds();
        send(FrameFormat.frame(ToClient.BYE, "idle for " + seconds + " seconds"));
        chat.quit(user, "idle for " + seconds + " seconds");
        connection.closeAfterFlush("idle timeout");
    }

    @Override
    public void onShutdown() {
        input.handleHeld();
        // Next pass: every session hands on what it holds before anyone is told goodbye.
        connection.schedule(0, () -> {
            send(FrameFormat.frame(ToClient.BYE, "server shutting down"));
            connection.closeAfterFlush("server shutting down");
        });
    }

    @Override
    public void onClosed(String reason) {
        chat.quit(user, reason); // ends this user's transfers, which frees the other sides
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
        if (user.rooms().size() >= MAX_ROOMS && chat.room(name).filter(room -> room.contains(user)).isEmpty()) {
            error("cannot-join", "cannot join " + name + ": you are in " + MAX_ROOMS + " rooms already", "JOIN");
            return;
        }
        JoinResult result = chat.join(user, name);
        switch (result) {
            case JOINED -> { } // JOINED came with the event, to this user too
            case ALREADY_THERE -> send(FrameFormat.frame(ToClient.JOINED, chat.room(name).orElseThrow().name(), user.nick()));
            case INVALID -> error("invalid-room", "invalid room name: " + name + " (" + Names.ROOM_RULE + ")", "JOIN");
            case INVITE_ONLY -> error("cannot-join", "cannot join " + name + ": it is invite-only", "JOIN");
            case BAD_KEY -> error("cannot-join", "cannot join " + name + ": it needs a key", "JOIN");
            case FULL -> error("cannot-join", "cannot join " + name + ": it is full", "JOIN");
            case BANNED -> error("cannot-join", "cannot join " + name + ": you are banned from it", "JOIN");
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
        switch (room.isEmpty() ? Chat.Outcome.NOT_MEMBER : chat.maySpeak(user, room.get())) {
            case DONE -> chat.say(user, room.get(), Kind.SAY, text);
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
                send(FrameFormat.privateMessage(user, told.to(), Kind.SAY, text, told.millis()));
            }
        }, () -> error("no-such-nick", "no such nick: " + nick, "TELL"));
    }

    void rooms(Frame frame) {
        List<Room> all = new ArrayList<>(chat.rooms());
        all.removeIf(each -> !each.isVisibleTo(user));
        all.sort(Comparator.comparing(room -> room.name().toLowerCase(Locale.ROOT)));
        send(FrameFormat.rooms(all));
    }

    void who(Frame frame) {
        String name = strip(frame.field(0));
        chat.room(name).filter(room -> room.isVisibleTo(user)).ifPresentOrElse(
                room -> send(FrameFormat.who(room)),
                () -> error("no-such-room", "no such room: " + name, "WHO"));
    }

    void quit(Frame frame) {
        String reason = Text.clean(frame.field(0));
        // Prefixed as IRC clients' reasons are, so no user can pass off a quit as the server's.
        String shown = reason.isEmpty() ? "" : "Quit: " + reason;
        chat.quit(user, shown);
        send(FrameFormat.frame(ToClient.BYE, shown));
        connection.closeAfterFlush("quit");
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
