package reactorchat.sim;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One simulated user: a non-blocking socket that connects, registers, joins its room, and then
 * does what its role says; its {@link Inbox} reads, and checks a chatter's messages against each
 * sender's sequence. Its lines go out through a {@link WsLink} when the run speaks ws, then a
 * {@link TlsLink} when it speaks TLS, then its {@link Outbox}. Only the loop thread uses it.
 */
final class SimClient {
    enum State { CONNECTING, REGISTERING, JOINING, JOINED, CLOSED }

    /** What a client is in the run; only chatters check sequences, the others' messages are theirs to judge. */
    enum Role {
        /** Reads everything and checks it; some of them send on the schedule. */
        CHATTER,
        /** Sends bursts far above the server's flood rate into the chatters' room (soak). */
        FLOODER,
        /** Never reads after joining; checked at the end of the run for having been cut. */
        SILENT,
        /** Stops reading for a while, then checks it was cut (soak). */
        SLOW,
        /** Connects, registers, chats a little and leaves, over and over (soak). */
        CHURN
    }

    final int id;
    final Role role;
    private final ClientLoop loop;
    private final SocketChannel channel;
    private final String room;
    private final Inbox inbox;
    private final Outbox outbox;
    /** Null over plain TCP. */
    private final TlsLink tls;
    /** Null unless the run speaks ws. */
    private final WsLink ws;
    private SelectionKey key;
    private State state = State.CONNECTING;
    private String nick;
    private String lastServerLine;
    private boolean leaving;

    SimClient(int id, Role role, String room, ClientLoop loop, SocketChannel channel) {
        this.id = id;
        this.role = role;
        this.room = room;
        this.loop = loop;
        this.channel = channel;
        this.inbox = new Inbox(this, loop);
        this.outbox = new Outbox(channel);
        this.tls = loop.tls() == null ? null : new TlsLink(this, loop.tls());
        this.ws = loop.dialect() == SimDialect.WS ? new WsLink(this) : null;
        this.nick = "sim" + id;
    }

    void attach(SelectionKey key) {
        this.key = key;
    }

    State state() {
        return state;
    }

    /** Its TLS, which decrypts what it reads; null over plain TCP. */
    TlsLink tls() {
        return tls;
    }

    /** Its WebSocket, which turns what it reads into lines; null unless the run speaks ws. */
    WsLink ws() {
        return ws;
    }

    /** What it reads, and has had from each sender. */
    Inbox inbox() {
        return inbox;
    }

    /** Called when the socket's connect completed at once or became ready. */
    void connected() throws IOException {
        channel.finishConnect();
        state = State.REGISTERING;
        key.interestOps(SelectionKey.OP_READ);
        loop.tally().connected++;
        if (tls != null) {
            tls.begin();
        }
        if (ws != null) {
            ws.open(loop.target());
        }
        send(loop.dialect().register(nick));
    }

    void handle(int readyOps) {
        try {
            if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
                connected();
            }
            if ((readyOps & SelectionKey.OP_WRITE) != 0) {
                outbox.flush(key);
            }
            if ((readyOps & SelectionKey.OP_READ) != 0 && !inbox.read(channel)) {
                close(state == State.JOINED ? "closed by the server" : "closed by the server before joining");
            }
        } catch (IOException e) {
            close(describe(e));
        }
    }

    /** Whether this client asked to leave (so the server closing it is the expected end). */
    boolean leaving() {
        return leaving;
    }

    /** Reads nothing more until {@link #startReading}: the server's output for it piles up. */
    void stopReading() {
        key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
    }

    /**
     * Reads only when {@link #readNow} is called, every read interval, and no longer gives
     * latency: it still checks loss and order, at a fraction of the simulator's reads.
     */
    void readOnlyNowAndThen() {
        inbox.untimed();
        stopReading();
    }

    /** Reads what has arrived, if anything. */
    void readNow() {
        if (state != State.CLOSED) {
            handle(SelectionKey.OP_READ);
        }
    }

    void startReading() {
        if (state != State.CLOSED) {
            key.interestOps(key.interestOps() | SelectionKey.OP_READ);
        }
    }

    /** Leaves cleanly: says goodbye in its dialect and waits for the server to close. */
    void quit() {
        leaving = true;
        trySend(loop.dialect().quit());
    }

    /** Leaves by shutting its output: the server reads end-of-stream and must close its side. */
    void halfClose() {
        try {
            channel.shutdownOutput();
            leaving = true;
        } catch (IOException e) {
            close(describe(e));
        }
    }

    /** Leaves abruptly: SO_LINGER 0 makes the close send a reset instead of a FIN. */
    void reset() {
        leaving = true;
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            // the close below still ends the connection, only less abruptly
        }
        close(null);
    }

    void send(byte[] bytes) throws IOException {
        send(bytes, 0, bytes.length);
    }

    /** Writes now if nothing is waiting; what the socket does not take waits for OP_WRITE. */
    void send(byte[] bytes, int offset, int length) throws IOException {
        if (state == State.CLOSED || length == 0) {
            return;
        }
        if (ws != null) {
            ws.send(bytes, offset, length);
        } else {
            sendFramed(bytes, offset, length);
        }
    }

    /** Sends bytes already framed for the connection (as they are, or as WebSocket frames), through TLS if any. */
    void sendFramed(byte[] bytes, int offset, int length) throws IOException {
        if (tls != null) {
            tls.send(bytes, offset, length);
        } else {
            sendToSocket(bytes, offset, length);
        }
    }

    /** Sends bytes as they go on the wire. */
    void sendToSocket(byte[] bytes, int offset, int length) throws IOException {
        if (state != State.CLOSED) {
            outbox.send(key, bytes, offset, length);
        }
    }

    /** Sends and reports a failure by closing, for callers outside a readiness event. */
    void trySend(byte[] bytes, int offset, int length) {
        try {
            send(bytes, offset, length);
        } catch (IOException e) {
            close(describe(e));
        }
    }

    /** Closes the socket; {@code reason} is counted unless this was a clean end of the run. */
    void close(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        State was = state;
        state = State.CLOSED;
        try {
            channel.close();
        } catch (IOException e) {
            // closing a socket we are done with: nothing left to report
        }
        if (reason != null) {
            loop.roster().closed(this, was,
                    reason + (lastServerLine == null ? "" : " (server said: " + lastServerLine + ")"));
        }
    }

    /** A line of the server's own, not a room message: {@code code} is what {@link SimDialect#classify} made of it. */
    void serverLine(int code, byte[] bytes, int offset, int length) {
        switch (code) {
            case SimDialect.REGISTERED -> registered();
            case SimDialect.JOINED -> joined();
            case SimDialect.PING -> trySend(SimDialect.pong(bytes, offset, length));
            case SimDialect.NICK_REFUSED -> nickRefused();
            case SimDialect.ERROR -> lastServerLine = new String(bytes, offset, length, StandardCharsets.UTF_8);
            default -> {
                // joins, parts, names, notices: not what the run measures
            }
        }
    }

    private void registered() {
        if (state == State.REGISTERING) {
            state = State.JOINING;
            trySend(loop.dialect().join(room));
        }
    }

    private void joined() {
        if (state == State.JOINING) {
            state = State.JOINED;
            loop.roster().joined(this);
        }
    }

    private void nickRefused() {
        if (state == State.REGISTERING) {
            nick = nick + "_";
            trySend(SimDialect.ascii("NICK " + nick + "\r\n"));
        }
    }

    private void trySend(byte[] bytes) {
        trySend(bytes, 0, bytes.length);
    }

    private String describe(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return switch (state) {
            case CONNECTING -> "connect failed: " + message;
            case JOINED -> "connection failed: " + message;
            default -> "connection failed before joining: " + message;
        };
    }
}
