package reactorchat.reactor;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted socket and its life cycle: open, draining its output before a close, lingering
 * for the peer's end of stream, closing, closed. Only the loop thread may call it.
 *
 * <p>Output waits in an {@link OutboundBuffer} and is written after each pass with one gathering
 * write; OP_WRITE is asked for only while bytes remain after such a write. A connection is never
 * closed in the middle of someone else's work: {@link #close} marks it, and the loop closes it
 * at the end of the pass.
 */
public final class Connection implements IoHandler {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    /** How long a connection told to close after flushing may take to drain its queue. */
    static final long DRAIN_DEADLINE_MILLIS = 5_000;
    /** Bytes one connection may write in one pass, so that one fast reader cannot starve the rest. */
    private static final int WRITE_BUDGET = 64 * 1024;

    private enum State { OPEN, DRAINING, LINGERING, CLOSING, CLOSED }

    private final Connections connections;
    private final Listener listener;
    private final SocketChannel channel;
    private final InetAddress peer;
    private final Limits limits;
    private final ClientMemory.Account memory;
    private final OutboundBuffer output;
    private final OutputLimit outputLimit;
    private final ReadGate reads = new ReadGate(this);
    private SelectionKey key;
    private ConnectionHandler handler;
    private State state = State.OPEN;
    private String closeReason;
    private long lastReadNanos;
    /** The idle check while open; the drain or linger deadline once closing. */
    private Timer lifeTimer;
    /** Timers the dialect asked for, cancelled at close so none keeps the session alive. */
    private List<Timer> dialectTimers;
    /** The peer's end of stream was read: nothing more will come, so closing sends no reset. */
    private boolean peerClosed;
    private Lingering lingering;

    Connection(Connections connections, Listener listener, SocketChannel channel, InetAddress peer, Limits limits) {
        this.connections = connections;
        this.listener = listener;
        this.channel = channel;
        this.peer = peer;
        this.limits = limits;
        this.memory = connections.memory().newAccount();
        this.output = new OutboundBuffer(connections.memory());
        this.outputLimit = new OutputLimit(this, limits);
        this.lastReadNanos = System.nanoTime();
    }

    void start(SelectionKey key, ConnectionHandler handler) {
        this.key = key;
        this.handler = handler;
        if (limits.idleTimeoutSeconds() > 0 && state == State.OPEN) {
            lifeTimer = loop().schedule(TimeUnit.SECONDS.toMillis(limits.idleTimeoutSeconds()), this::checkIdle);
        }
    }

    /**
     * Queues bytes for the peer. The buffer itself is queued, not a copy: neither its content nor
     * its position or limit may change afterwards. Its position is never moved here, so one buffer
     * can be sent to many connections.
     *
     * @return false if the bytes were not queued: the connection is closing, or these bytes took it
     *         past an output limit and it is now closing as a slow consumer
     */
    public boolean send(ByteBuffer bytes) {
        if (state != State.OPEN && state != State.DRAINING) {
            return false;
        }
        int size = bytes.remaining();
        if (size == 0) {
            return true;
        }
        long before = output.cost();
        long queued = before + size + OutboundBuffer.ENTRY_OVERHEAD;
        String broken = outputLimit.broken(queued, connections.memory().costToQueue(bytes), connections);
        if (broken != null) {
            cutSlowConsumer(broken);
            return false;
        }
        boolean wasEmpty = output.isEmpty();
        output.add(bytes);
        connections.outputChanged(before, output.cost());
        if (wasEmpty) {
            connections.addPendingWriter(this);
        }
        return true;
    }

    void cutSlowConsumer(String why) {
        log.info("closing slow consumer {}: {}", this, why);
        loop().stats().slowConsumerCuts++;
        close("slow consumer: " + why);
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
        if (output.isEmpty()) {
            linger();
            return;
        }
        lifeTimer = loop().schedule(DRAIN_DEADLINE_MILLIS, () -> close(closeReason + " (output not drained in time)"));
    }

    /**
     * All output is written. A peer that has sent nothing unread is closed at once. One that is
     * still sending (a flooder, an oversize frame) would be reset: instead the writing side is
     * shut, so the peer reads everything and then an end of stream, and what it still sends is
     * dropped while it {@link Lingering lingers}. Not while the server stops.
     */
    private void linger() {
        if (peerClosed || loop().isStopping() || !Lingering.hasUnreadInput(channel)) {
            close(closeReason);
            return;
        }
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            close(closeReason);
            return;
        }
        state = State.LINGERING;
        lingering = new Lingering(channel);
        if (lifeTimer != null) {
            lifeTimer.cancel();
        }
        lifeTimer = loop().schedule(Lingering.LINGER_MILLIS, () -> close(closeReason));
        readInterest(true);
    }

    /** Marks the connection to be closed at the end of this loop pass; its queued output is dropped. */
    public void close(String reason) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        state = State.CLOSING;
        closeReason = reason;
        dropOutput();
        memory.releaseAll(); // now, so that a budget over its limit sees at once what this close gives back
        connections.markForClose(this);
    }

    /**
     * Counts this connection among those flood control's hard line gave up on. The dialect decides
     * when (it alone knows what a message is) and says why before it closes.
     */
    public void countFloodCut() {
        loop().stats().floodCuts++;
    }

    /**
     * Stops reading from the peer for a while: the bytes it sends wait in the kernel, and TCP slows
     * it down. Then {@code onResume} runs, and reading starts again unless it paused once more.
     */
    public void pauseReads(long millis, Runnable onResume) {
        if (state == State.OPEN) {
            loop().stats().floodPauses++;
            reads.pause(loop(), millis, () -> connections.serve(this, onResume));
        }
    }

    /**
     * Stops reading from the peer until {@link #resumeReads}, however long that takes: for
     * back-pressure, where what ends the wait is another connection draining, not a time. Apart
     * from {@link #pauseReads}: reading starts again only when neither holds it.
     */
    public void suspendReads() {
        if (state == State.OPEN && reads.suspend()) {
            loop().stats().backPressurePauses++;
        }
    }

    /** Ends a {@link #suspendReads}; reading starts again unless a flood pause still holds it. */
    public void resumeReads() {
        reads.resume();
    }

    boolean readsSuspended() {
        return reads.isSuspended();
    }

    /** Whether the loop reads this connection now; for tests of the pauses. */
    boolean isReading() {
        return key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_READ) != 0;
    }

    /**
     * Watches this connection's queue against {@code marks}: see {@link #isWritable}. Off until
     * a dialect asks, for only a producer of bulk data (a file transfer) needs to know.
     */
    public void watchWaterMarks(WaterMarks marks) {
        output.watch(marks);
    }

    /**
     * False from the moment the queue grows above the high water mark until writes bring it below
     * the low one; then the handler hears {@link ConnectionHandler#onWritable}. Always true while
     * water marks are not watched, and once the connection is closing.
     */
    public boolean isWritable() {
        return output.isWritable();
    }

    /** Bytes queued for the peer and not yet written. */
    long queuedBytes() {
        return output.bytes();
    }

    /** What this connection makes the server hold: its output queue and what the upper layers charged. */
    long holdings() {
        return output.cost() + memory.held();
    }

    /**
     * Runs {@code task} on the loop after {@code delayMillis} if this connection is still open then,
     * so that a dialect's own timers (IRC's keep-alive pings) need no bookkeeping at close. What
     * the task throws closes this connection, as for its reads.
     */
    public Timer schedule(long delayMillis, Runnable task) {
        Timer timer = loop().schedule(delayMillis, () -> {
            if (state == State.OPEN) {
                connections.serve(this, task);
            }
        });
        if (dialectTimers == null) {
            dialectTimers = new ArrayList<>(2);
        }
        dialectTimers.removeIf(Timer::isCancelled); // those that ran
        dialectTimers.add(timer);
        return timer;
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * This connection's share of the server's client memory: what the upper layers make the
     * server hold for it (held input, an unfinished frame) is charged here before it is allocated,
     * and all of it is given back when the connection closes.
     */
    public MemoryBudget memory() {
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
        if (state == State.OPEN && reads.isOpen()) {
            read();
        } else if (state == State.LINGERING && lingering.dropInput(loop().readBuffer())) {
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
            return;
        }
        if (n > 0) {
            loop().stats().bytesRead += n;
            lastReadNanos = System.nanoTime();
            in.flip();
            handler.onBytes(in);
        }
    }

    /** Writes what the budget allows with one gathering write; asks for OP_WRITE only if bytes remain. */
    void flush() throws IOException {
        if (output.isEmpty() || state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        long before = output.cost();
        ByteBuffer[] gather = loop().gatherArray();
        int count = output.gather(gather, WRITE_BUDGET);
        long written;
        try {
            written = channel.write(gather, 0, count);
        } finally {
            Arrays.fill(gather, 0, count, null);
        }
        loop().stats().bytesWritten += written;
        boolean drained = output.consume(written);
        outputLimit.drained(output.cost());
        connections.outputChanged(before, output.cost());
        setInterest(SelectionKey.OP_WRITE, !output.isEmpty());
        if (output.isEmpty() && state == State.DRAINING) {
            linger();
        }
        if (drained && state != State.CLOSING) {
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
        }
    }

    /** The server is stopping: the handler says goodbye unless it is already on its way out. */
    void shutdown() {
        if (state == State.OPEN) {
            handler.onShutdown();
        }
    }

    private void checkIdle() {
        if (state != State.OPEN) {
            return;
        }
        long idleNanos = TimeUnit.SECONDS.toNanos(limits.idleTimeoutSeconds());
        long quietNanos = System.nanoTime() - lastReadNanos;
        if (quietNanos >= idleNanos) {
            lifeTimer = null;
            connections.serve(this, handler::onIdle);
        } else {
            // Rescheduling on every read would churn the timer queue; checking late costs nothing.
            long waitMillis = TimeUnit.NANOSECONDS.toMillis(idleNanos - quietNanos) + 1;
            lifeTimer = loop().schedule(waitMillis, this::checkIdle);
        }
    }

    private void cancelTimers() {
        if (lifeTimer != null) {
            lifeTimer.cancel();
            lifeTimer = null;
        }
        outputLimit.cancel();
        reads.cancel();
        if (dialectTimers != null) {
            dialectTimers.forEach(Timer::cancel);
            dialectTimers = null;
        }
    }

    private void dropOutput() {
        long before = output.cost();
        output.clear();
        connections.outputChanged(before, 0);
    }

    /** Reads from the peer, or stops; only while open (or lingering) and not held by the read gate. */
    void readInterest(boolean on) {
        setInterest(SelectionKey.OP_READ, on);
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

    private EventLoop loop() {
        return connections.loop();
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
