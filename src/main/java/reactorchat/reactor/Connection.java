package reactorchat.reactor;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted socket and its life cycle: open; draining its output before a close; lingering
 * for the peer's end of stream; closing; closed. Only the loop thread may call it.
 *
 * <p>It keeps the state and decides each change of it; the parts it owns do the rest: its
 * {@link ConnectionOutput} keeps what it has to write and the rules that bound it, a
 * {@link ReadGate} the holds on its reads, a {@link GracefulClose} the deadlines and the
 * lingering of a close after flushing. A connection is never closed in the middle of someone
 * else's work: {@link #close} marks it, and the loop closes it once the handler, timer or task
 * running then has returned.
 */
public final class Connection implements IoHandler {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private enum State { OPEN, DRAINING, LINGERING, CLOSING, CLOSED }

    private final Connections connections;
    private final Listener listener;
    private final SocketChannel channel;
    private final InetAddress peer;
    private final Limits limits;
    private final ClientMemory.Account memory;
    private final ConnectionOutput output = new ConnectionOutput(this);
    private SelectionKey key;
    private ConnectionHandler handler;
    private State state = State.OPEN;
    private String closeReason;
    /** Null until the first pause or suspension: most connections are never held. */
    private ReadGate reads;
    /** Null without an idle time-out. */
    private IdleCheck idleCheck;
    /** Null until told to close after flushing. */
    private GracefulClose gracefulClose;
    /** Null until the dialect asks for a timer. */
    private DialectTimers dialectTimers;
    /** The peer's end of stream was read: nothing more will come, so closing sends no reset. */
    private boolean peerClosed;
    /** Where {@link Connections} keeps this connection in its list. */
    int slot;

    Connection(Connections connections, Listener listener, SocketChannel channel, InetAddress peer, Limits limits) {
        this.connections = connections;
        this.listener = listener;
        this.channel = channel;
        this.peer = peer;
        this.limits = limits;
        this.memory = connections.memory().newAccount();
    }

    void start(SelectionKey key, ConnectionHandler handler) {
        this.key = key;
        this.handler = handler;
        if (limits.idleTimeoutSeconds() > 0 && state == State.OPEN) {
            // The field, not the parameter: a closed connection lets go of its handler (see closeNow).
            idleCheck = new IdleCheck(loop(), limits.idleTimeoutSeconds(),
                    () -> connections.serve(this, () -> { if (isOpen()) this.handler.onIdle(); }));
        }
    }

    /**
     * Queues bytes for the peer: the buffer itself, not a copy, so neither its content nor its
     * position or limit may change afterwards, and one buffer can be sent to many connections.
     *
     * @return false if the bytes were not queued: the connection is closing, or these bytes broke
     *         an {@link OutputLimits output limit} and it is now closing as a slow consumer
     */
    public boolean send(ByteBuffer bytes) {
        return output.send(bytes);
    }

    /** Whether output is still queued: the connection is open, or draining before a close. */
    boolean takesOutput() {
        return state == State.OPEN || state == State.DRAINING;
    }

    /** Stops reading; the queued output is written (for at most a few seconds), then the socket is closed. */
    public void closeAfterFlush(String reason) {
        if (state != State.OPEN) {
            return;
        }
        state = State.DRAINING;
        closeReason = reason;
        readInterest(false);
        cancelTimers();
        gracefulClose = new GracefulClose(this, reason);
        if (output.isEmpty()) {
            linger();
        } else {
            gracefulClose.drain();
        }
    }

    /** All output is written: the connection lingers, or is closed at once; see {@link GracefulClose}. */
    private void linger() {
        if (peerClosed || !gracefulClose.linger()) {
            close(closeReason);
            return;
        }
        state = State.LINGERING;
        readInterest(true);
    }

    /**
     * Marks the connection to be closed once the handler, timer or task running now returns; its
     * queued output is dropped and its memory given back to the budget at once.
     */
    public void close(String reason) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        state = State.CLOSING;
        closeReason = reason;
        output.drop();
        memory.releaseAll(); // now, so that a budget over its limit sees at once what this close gives back
        connections.markForClose(this);
    }

    /** Counts this connection among those flood control's hard line gave up on; the dialect says why and closes. */
    public void countFloodCut() {
        loop().stats().floodCuts++;
    }

    /** The holds on this connection's reads: flood control's pauses, back-pressure's suspension. */
    public ReadGate reads() {
        if (reads == null) {
            reads = new ReadGate(this);
        }
        return reads;
    }

    /** Whether the loop reads this connection now; for tests of the holds. */
    boolean isReading() {
        return key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_READ) != 0;
    }

    /**
     * Watches the queue against {@code marks}: it is unwritable ({@link #isWritable}) from going
     * above the high mark until writes bring it below the low one, and then the handler hears
     * {@link ConnectionHandler#onWritable}. Only a producer of bulk data (a file transfer) needs it.
     */
    public void watchWaterMarks(WaterMarks marks) {
        output.watch(marks);
    }

    public boolean isWritable() {
        return output.isWritable();
    }

    /** What it has to write, and the rules its queue is held to. */
    ConnectionOutput output() {
        return output;
    }

    /**
     * Runs {@code task} after {@code delayMillis} if this connection is still open then, so that a
     * dialect's timers (IRC's pings) need no bookkeeping at close; what it throws closes this connection.
     */
    public Timer schedule(long delayMillis, Runnable task) {
        if (dialectTimers == null) {
            dialectTimers = new DialectTimers();
        }
        return dialectTimers.schedule(this, delayMillis, task);
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * This connection's part of the server's client memory: what the upper layers hold for it
     * (held input, an unfinished frame) is charged here before it is allocated, and all of it is
     * given back when the connection closes.
     */
    public MemoryBudget memory() {
        return memory;
    }

    ClientMemory.Account account() {
        return memory;
    }

    /** The peer's address as text, for logs and for what a dialect shows of a user. */
    public String peerHost() {
        return peer.getHostAddress();
    }

    InetAddress peer() {
        return peer;
    }

    @Override
    public void handle(int readyOps) throws IOException {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if ((readyOps & SelectionKey.OP_READ) == 0) {
            return;
        }
        if (state == State.OPEN && (reads == null || reads.isOpen())) {
            read();
        } else if (state == State.LINGERING && gracefulClose.dropInput(loop().readBuffer())) {
            close(closeReason);
        }
    }

    @Override
    public void failed(Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("{}: {}", this, cause.toString());
        } else {
            log.warn("closing {} after an error while serving it", this, cause);
        }
        close("error: " + cause.getMessage());
    }

    private void read() throws IOException {
        ByteBuffer in = loop().readBuffer();
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
            peerClosed = true;
            readInterest(false);
            handler.onEof();
        } else if (n > 0) {
            loop().stats().bytesRead += n;
            if (idleCheck != null) {
                idleCheck.heard();
            }
            in.flip();
            handler.onBytes(in);
        }
    }

    /** Writes what the write budget allows; asks for OP_WRITE only if bytes remain. */
    void flush() throws IOException {
        if (output.isEmpty() || state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        boolean writable = output.write();
        if (output.isEmpty() && state == State.DRAINING) {
            linger();
        }
        if (writable && state != State.CLOSING) {
            handler.onWritable(); // last: the handler may queue more output here
        }
    }

    /** Closes the socket now and tells the handler; only the loop's close phase calls this. */
    void closeNow() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        listener.connectionClosed();
        cancelTimers();
        log.debug("closing {}: {}", this, closeReason);
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("{}: error on close: {}", this, e.toString());
        }
        if (handler != null) {
            handler.onClosed(closeReason);
            // The selector keeps this object, as its key's attachment, until its next select: the
            // session (its held input above all) must not stay reachable that long.
            handler = null;
        }
    }

    /** The server is stopping: the handler says goodbye unless it is already on its way out. */
    void shutdown() {
        if (state == State.OPEN) {
            handler.onShutdown();
        }
    }

    private void cancelTimers() {
        if (idleCheck != null) {
            idleCheck.cancel();
        }
        if (gracefulClose != null) {
            gracefulClose.cancel();
        }
        output.cancelSoftLimitCheck();
        if (reads != null) {
            reads.cancel();
        }
        if (dialectTimers != null) {
            dialectTimers.cancelAll();
        }
    }

    void readInterest(boolean on) {
        setInterest(SelectionKey.OP_READ, on);
    }

    void writeInterest(boolean on) {
        setInterest(SelectionKey.OP_WRITE, on);
    }

    private void setInterest(int op, boolean on) {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = key.interestOps();
        int wanted = on ? ops | op : ops & ~op;
        if (wanted != ops) {
            key.interestOps(wanted);
        }
    }

    EventLoop loop() {
        return connections.loop();
    }

    Connections connections() {
        return connections;
    }

    SocketChannel channel() {
        return channel;
    }

    @Override
    public String toString() {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "closed connection";
        }
    }
}
