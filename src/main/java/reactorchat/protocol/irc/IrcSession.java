package reactorchat.protocol.irc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import reactorchat.chat.ChatEvent;
import reactorchat.chat.Room;
import reactorchat.chat.SharedEncoding;
import reactorchat.chat.User;
import reactorchat.codec.Decoder;
import reactorchat.codec.LineDecoder;
import reactorchat.protocol.irc.Numerics.Numeric;
import reactorchat.protocol.ChatSession;
import reactorchat.reactor.Connection;

/**
 * One IRC client: its lines become commands through {@link IrcCommand}'s table, chat events become
 * IRC messages. Until registration completes (NICK, USER, PASS if required, CAP END if CAP was
 * used) it is not a chat user; {@link #user} is null and nobody can see it.
 */
final class IrcSession extends ChatSession<LineDecoder.Sink> implements LineDecoder.Sink {
    final IrcDialect dialect;
    private final String host;

    // What registration has gathered so far.
    String pendingNick;
    String ident;
    String realName;
    String password = "";
    boolean negotiatingCaps;
    /** Wrong OPER passwords (or unknown logins) this connection has given. */
    int failedOpers;
    final Set<IrcDialect.Capability> capabilities = EnumSet.noneOf(IrcDialect.Capability.class);

    /** The answer being gathered to the labeled command now running, if there is one. */
    private LabeledResponse labeled;
    /** Batches this session has opened, to name the next one. */
    private int batches;
    private long lastHeardNanos = System.nanoTime();
    private boolean awaitingPong;

    IrcSession(IrcDialect dialect, Connection connection) {
        this(dialect, connection, new LineDecoder(IrcFormat.MAX_INPUT_BYTES, connection.memory()));
    }

    /** A session whose lines come through {@code decoder}: IRC messages in another framing (WebSocket). */
    IrcSession(IrcDialect dialect, Connection connection, Decoder<LineDecoder.Sink> decoder) {
        super(dialect.chat, connection, decoder, dialect.sessionOptions);
        this.dialect = dialect;
        this.host = connection.peerHost();
        int interval = dialect.options.pingIntervalSeconds();
        if (interval > 0) {
            connection.timers().schedule(TimeUnit.SECONDS.toMillis(interval), this::checkAlive);
        }
        int registerTimeout = dialect.options.registerTimeoutSeconds();
        if (registerTimeout > 0) {
            connection.timers().schedule(TimeUnit.SECONDS.toMillis(registerTimeout), this::checkRegistered);
        }
    }

    @Override
    public void line(byte[] bytes, int offset, int length) {
        if (!connection.isOpen()) {
            return; // after QUIT, whatever else came in the same read is ignored
        }
        lastHeardNanos = System.nanoTime();
        awaitingPong = false; // any line proves the client alive, not only PONG
        if (tooLong(bytes, offset, length)) {
            lineTooLong(IrcFormat.MAX_LINE_BYTES);
            return;
        }
        IrcMessage message = IrcMessage.parse(new String(bytes, offset, length, StandardCharsets.UTF_8));
        IrcCommand command = message == null ? null : IrcCommand.named(message.command());
        if (!charge(cost(command, message)) || message == null) {
            return;
        }
        if (message.label().isEmpty() || !has(IrcDialect.Capability.LABELED_RESPONSE)) {
            dispatch(command, message);
            return;
        }
        labeled = new LabeledResponse(this, message.label(), nextBatch());
        try {
            dispatch(command, message);
        } finally {
            LabeledResponse answer = labeled;
            labeled = null;
            answer.end();
        }
    }

    /**
     * Whether a line breaks IRCv3 message-tags' limits: at most 4,094 bytes of tags between the
     * {@code @} and the space, and at most 510 after them, as without tags.
     */
    private static boolean tooLong(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int rest = offset;
        if (length > 0 && bytes[offset] == '@') {
            while (rest < end && bytes[rest] != ' ') {
                rest++;
            }
            if (rest - offset - 1 > IrcFormat.MAX_TAG_BYTES) {
                return true;
            }
            while (rest < end && bytes[rest] == ' ') {
                rest++;
            }
        }
        return end - rest > IrcFormat.MAX_LINE_BYTES;
    }

    /** What a line costs against the flood budget: its command's price once it may run, else one. */
    private int cost(IrcCommand command, IrcMessage message) {
        boolean runs = command != null && user != null && message.size() >= command.minParams;
        return runs ? command.cost.of(this, message) : 1;
    }

    @Override
    public void lineTooLong(int maxLength) {
        if (charge(1)) {
            reply(Numerics.ERR_INPUTTOOLONG);
        }
    }

    @Override
    protected boolean hears(ChatEvent event) {
        if (event instanceof ChatEvent.RoomMessage || event instanceof ChatEvent.Tagged
                || event instanceof ChatEvent.StatusMessage) {
            // IRC does not echo a sender's own channel messages, unless echo-message asks for it.
            return event.user() != user || has(IrcDialect.Capability.ECHO_MESSAGE);
        }
        if (event instanceof ChatEvent.AwayChanged) {
            return event.user() != user && has(IrcDialect.Capability.AWAY_NOTIFY) && sharesOrWatches(event.user());
        }
        if (event instanceof ChatEvent.RealNameChanged) {
            return has(IrcDialect.Capability.SETNAME) && sharesOrWatches(event.user());
        }
        if (event instanceof ChatEvent.InviteSeen) {
            return has(IrcDialect.Capability.INVITE_NOTIFY);
        }
        return true;
    }

    @Override
    protected IrcFormat format() {
        return dialect.formats[(has(IrcDialect.Capability.SERVER_TIME) ? IrcFormat.SERVER_TIME : 0)
                + (has(IrcDialect.Capability.MESSAGE_TAGS) ? IrcFormat.MESSAGE_TAGS : 0)
                + (has(IrcDialect.Capability.EXTENDED_JOIN) ? IrcFormat.EXTENDED_JOIN : 0)];
    }

    @Override
    public void receive(ChatEvent event, SharedEncoding shared) {
        if (event instanceof ChatEvent.Killed) {
            super.receive(event, shared); // which closes the connection after it
            return;
        }
        if (!hears(event)) {
            return;
        }
        ByteBuffer bytes = shared.bytes(format());
        if (bytes == null) {
            return; // an event IRC does not show
        }
        if (labeled != null && !addressedHere(event)) {
            labeled.add(bytes);
        } else {
            write(bytes); // a message to oneself arrives as any other; its echo is the labeled answer
        }
        if (event instanceof ChatEvent.Joined && event.user() != user && !event.user().away().isEmpty()
                && has(IrcDialect.Capability.AWAY_NOTIFY)) { // away-notify: who comes in away is shown so
            send(":" + IrcFormat.source(event.user()) + " AWAY :" + event.user().away());
        }
    }

    /** Whether this user is told of {@code other}'s changes: they share a room, or this one monitors them and asked to be. */
    private boolean sharesOrWatches(User other) {
        if (other == user || has(IrcDialect.Capability.EXTENDED_MONITOR)) {
            return true; // the chat tells only neighbours and watchers
        }
        for (Room room : other.rooms()) {
            if (room.contains(user)) {
                return true;
            }
        }
        return false;
    }

    /** A private message or TAGMSG to this user: what it is sent as a recipient, not as an answer. */
    private boolean addressedHere(ChatEvent event) {
        return event instanceof ChatEvent.PrivateMessage m && m.to() == user
                || event instanceof ChatEvent.Tagged t && t.to() == user;
    }

    /** Sends the sender their own message as the others got it (echo-message), where the chat did not. */
    void echo(ChatEvent event) {
        if (has(IrcDialect.Capability.ECHO_MESSAGE)) {
            ByteBuffer bytes = event.encodeWith(format());
            if (bytes != null) {
                out(bytes);
            }
        }
    }

    @Override
    protected String quitReason(Ending ending) {
        return switch (ending) {
            case PEER_CLOSED -> "Connection closed";
            case IDLE -> "Idle for " + connection.limits().idleTimeoutSeconds() + " seconds";
            case UNFINISHED -> "Input timeout";
            case NO_MEMORY -> "Server busy";
            default -> super.quitReason(ending);
        };
    }

    @Override
    protected ByteBuffer lastWords(Ending ending) {
        return ending == Ending.SHUTDOWN ? IrcFormat.bytes("ERROR :Server shutting down") : closingLink(quitReason(ending));
    }

    private ByteBuffer closingLink(String reason) {
        return IrcFormat.bytes("ERROR :Closing Link: " + host + " (" + reason + ")");
    }

    @Override
    public void onClosed(String reason) {
        dialect.receiveWallops(this, false);
        super.onClosed(reason);
    }

    @Override
    public void watchedOnline(User watched) {
        reply(Numerics.RPL_MONONLINE, IrcFormat.source(watched));
    }

    @Override
    public void watchedOffline(String nick) {
        reply(Numerics.RPL_MONOFFLINE, nick);
    }

    /** Reads nothing more until {@link #releaseInput}: a command waits for an answer from off the loop. */
    void holdInput() {
        input.suspend();
    }

    void releaseInput() {
        input.resume();
    }

    /** The nick replies are addressed to: the user's, the one asked for, or {@code *} before any. */
    String nick() {
        return user != null ? user.nick() : pendingNick != null ? pendingNick : "*";
    }

    boolean has(IrcDialect.Capability capability) {
        return capabilities.contains(capability);
    }

    String host() {
        return host;
    }

    /** Sends a numeric; nothing is formatted once the connection is closing, for nothing would be sent. */
    void reply(Numeric numeric, Object... args) {
        if (connection.isOpen()) {
            send(numeric.line(dialect.serverName, nick(), args));
        }
    }

    /**
     * Sends {@code numeric} as many times as it takes to carry every word, each line holding as
     * many as fit in 512 bytes with CRLF. The words, space-separated, are the numeric's last
     * parameter, after {@code leading} (353 NAMES, 319 WHOIS channels).
     */
    void replyFilled(Numeric numeric, List<String> words, Object... leading) {
        replyListed(numeric, words, ' ', leading);
    }

    /** As {@link #replyFilled}, the words joined by {@code separator} (a comma for MONITOR's lists). */
    void replyListed(Numeric numeric, List<String> words, char separator, Object... leading) {
        Object[] args = Arrays.copyOf(leading, leading.length + 1);
        args[leading.length] = "";
        int space = IrcFormat.MAX_LINE_BYTES - IrcFormat.utf8Length(numeric.line(dialect.serverName, nick(), args));
        StringBuilder line = new StringBuilder();
        int bytes = 0;
        for (String word : words) {
            int length = IrcFormat.utf8Length(word);
            if (line.length() > 0 && bytes + 1 + length > space) {
                args[leading.length] = line.toString();
                reply(numeric, args);
                line.setLength(0);
                bytes = 0;
            }
            if (line.length() > 0) {
                line.append(separator);
                bytes++;
            }
            line.append(word);
            bytes += length;
        }
        if (line.length() > 0) {
            args[leading.length] = line.toString();
            reply(numeric, args);
        }
    }

    /** Sends one message, which must not contain CR or LF; false if the connection is closing. */
    boolean send(String line) {
        return out(IrcFormat.bytes(line));
    }

    /** A name for a new batch, unique on this connection. */
    String nextBatch() {
        return Integer.toString(++batches, 36);
    }

    /**
     * Sends a whole batch ({@code BATCH +} line, its lines, {@code BATCH -}; CRLF after each): as the
     * answer to a labeled command, the label goes on its first line, as the batch is the answer.
     */
    void sendBatch(String lines) {
        ByteBuffer bytes = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
        if (labeled != null) {
            labeled.addBatch(bytes);
        } else {
            write(bytes);
        }
    }

    /** Output of this session's own: part of a labeled answer while one is gathered. */
    private boolean out(ByteBuffer bytes) {
        if (labeled != null) {
            labeled.add(bytes);
            return connection.isOpen();
        }
        return write(bytes);
    }

    /** Queues bytes on the connection as they are; false if it is closing. */
    boolean write(ByteBuffer bytes) {
        return connection.isOpen() && connection.send(bytes);
    }

    /** Ends the session: the chat is told, the client gets ERROR, queued output is flushed, then closed. */
    void disconnect(String reason) {
        leave(reason, closingLink(reason), reason);
    }

    /** Ends the session as {@link #disconnect} does, for a client refused for good (a wrong password). */
    void refuse(String reason) {
        refuse(reason, closingLink(reason), reason);
    }

    private void dispatch(IrcCommand command, IrcMessage message) {
        if (command == null) {
            reply(Numerics.ERR_UNKNOWNCOMMAND, message.command());
        } else if (command.needsRegistration && user == null) {
            reply(Numerics.ERR_NOTREGISTERED);
        } else if (message.size() < command.minParams) {
            reply(Numerics.ERR_NEEDMOREPARAMS, message.command());
        } else {
            command.handler.handle(this, message);
        }
    }

    /**
     * The registration deadline, counted from the connect and not from the last line: a client
     * that trickles bytes (slowloris) or keeps sending PING or CAP LS would otherwise hold
     * a connection slot forever without ever becoming a chat user.
     */
    private void checkRegistered() {
        if (user == null) {
            disconnect("Registration timed out");
        }
    }

    /**
     * The keep-alive: a client silent for the ping interval is sent a PING; one still silent a
     * ping time-out later is disconnected. Reading a line only stamps the time, and this check
     * reschedules itself from that stamp, so no timer is touched per line.
     */
    private void checkAlive() {
        long interval = TimeUnit.SECONDS.toNanos(dialect.options.pingIntervalSeconds());
        long timeout = TimeUnit.SECONDS.toNanos(dialect.options.pingTimeoutSeconds());
        long quiet = System.nanoTime() - lastHeardNanos;
        if (awaitingPong && quiet >= interval + timeout) {
            disconnect("Ping timeout: " + TimeUnit.NANOSECONDS.toSeconds(quiet) + " seconds");
            return;
        }
        long wait;
        if (!awaitingPong && quiet >= interval) {
            send("PING :" + dialect.serverName);
            awaitingPong = true;
            wait = timeout;
        } else {
            wait = (awaitingPong ? interval + timeout : interval) - quiet;
        }
        connection.timers().schedule(TimeUnit.NANOSECONDS.toMillis(wait) + 1, this::checkAlive);
    }
}
