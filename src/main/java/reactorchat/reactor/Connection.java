package reactorchat.reactor;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted socket: its output queue and its life cycle. Only the loop thread may call it.
 *
 * <p>Output is queued as the buffers themselves, shared with other connections and never moved
 * (a view is made only for the write), and written by the loop after each pass with one
 * gathering write. OP_WRITE is asked for only
 * while bytes remain after such a write. A connection is never closed in the middle of someone
 * else's work: {@link #close} marks it, and the loop closes it at the end of the pass.
 */
public final class Connection implements IoHandler {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    /** How long a connection told to close after flushing may take to drain its queue. */
    static final long DRAIN_DEADLINE_MILLIS = 5_000;
    /** Bytes one connection may write in one pass, so that one fast reader cannot starve the rest. */
    private static final int WRITE_BUDGET = 64 * 1024;

    /**
     * How long a connection whose output is all written, and whose writing side is shut, goes on
     * reading (and dropping) what its peer still sends, waiting for the peer's end of stream.
     * Closing a socket with unread input sends a reset, and a reset can destroy the last lines in
     * flight to the peer, its error among them, before it reads them.
     */
    static final long LINGER_MILLIS = 2_000;
    /** Input a lingering connection drops before it gives up waiting and closes anyway. */
    private static final int LINGER_MAX_BYTES = 1 << 20;

    private enum State { OPEN, DRAINING, LINGERING, CLOSING, CLOSED }

    private final EventLoop loop;
    private final Listener listener;
    private final SocketChannel channel;
    private final InetAddress peer;
    private final Limits limits;
    private final ClientMemory.Account memory;
    private SelectionKey key;
    private ConnectionHandler handler;
    private State state = State.OPEN;
    private String closeReason;

    private ArrayDeque<ByteBuffer> queue;
    private long queuedBytes;
    /** Bytes of the queue's first buffer already written. */
    private int headWritten;
    /**
     * Set while the queue is over the soft limit: cuts the connection when the grace time is up,
     * unless the queue is written down below the limit first.
     */
    private Timer softLimitCheck;
    private long lastReadNanos;
    private Timer timer;
    private Timer readPause;
    /** Timers the dialect asked for, cancelled at close so none keeps the session alive. */
    private List<Timer> dialectTimers;
    /** Set by {@link #watchWaterMarks}; null: the queue's level is not watched. */
    private WaterMarks waterMarks;
    private boolean unwritable;
    /** Reads stopped by {@link #suspendReads} until {@link #resumeReads}, whatever the flood pause does. */
    private boolean readsSuspended;
    /** The peer's end of stream was read: nothing more will come, so closing sends no reset. */
    private boolean peerClosed;
    private int lingerDropped;

    Connection(EventLoop loop, Listener listener, SocketChannel channel, InetAddress peer, Limits limits) {
        this.loop = loop;
        this.listener = listener;
        this.channel = channel;
        this.peer = peer;
        this.limits = limits;
        this.memory = loop.memory().newAccount();
        this.lastReadNanos = System.nanoTime();
    }

    void start(SelectionKey key, ConnectionHandler handler) {
        this.key = key;
        this.handler = handler;
        if (limits.idleTimeoutSeconds() > 0 && state == State.OPEN) {
            timer = loop.schedule(TimeUnit.SECONDS.toMillis(limits.idleTimeoutSeconds()), this::checkIdle);
        }
    }

    /**
     * Queues bytes for the peer. The buffer itself is queued, not a copy: neither its content nor
     * its position or limit may change afterwards. Its position is never moved here, so one buffer
     * can be sent to many connections.
     *
     * @return false if the bytes were not queued: the connection is closing, or these bytes took it
     *         past its output limit and it is now closing as a slow consumer
     */
    public boolean send(ByteBuffer bytes) {
        if (state == State.LINGERING || state == State.CLOSING || state == State.CLOSED) {
            return false;
        }
        int size = bytes.remaining();
        if (size == 0) {
            return true;
        }
        long before = cost();
        String slow = slowConsumer(before + size + ENTRY_OVERHEAD, size + ENTRY_OVERHEAD);
        if (slow != null) {
            cutSlowConsumer(slow);
            return false;
        }
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        boolean wasIdle = queue.isEmpty();
        queue.add(bytes);
        queuedBytes += size;
        loop.outboundChanged(before, cost());
        if (waterMarks != null && queuedBytes > waterMarks.high()) {
            unwritable = true;
        }
        if (wasIdle) {
            loop.addPendingWriter(this);
        }
        return true;
    }

    /**
     * Heap a queued buffer costs beyond its bytes, which are shared: its slot in the deque, whose
     * array may be up to twice as long as needed. The limits count what a queue costs, not only
     * its bytes: a queue of many short lines costs more than their bytes.
     */
    static final int ENTRY_OVERHEAD = 16;

    /** What this connection's queue costs the heap. */
    private long cost() {
        return queue == null ? 0 : queuedBytes + (long) queue.size() * ENTRY_OVERHEAD;
    }

    /**
     * Why a queue costing {@code queued} makes this connection a slow consumer, or null if it does
     * not: over the hard limit; or holding more than its share while the server's output is over
     * its total budget. Going over the soft limit starts its grace time, and a timer, not the next
     * output, ends it: a reader that stopped when its room went quiet gets no next output.
     */
    private String slowConsumer(long queued, long adding) {
        long hard = limits.maxOutboundBytes();
        if (hard != Limits.UNLIMITED && queued > hard) {
            return "output queue over " + hard + " bytes";
        }
        long budget = limits.maxOutboundTotal();
        if (budget != Limits.UNLIMITED && loop.outboundTotal() + adding > budget) {
            // Every queue within its own limit can still add up to more than the heap: past the
            // budget, those holding more than an equal share go first.
            long share = budget / Math.max(1, loop.outboundHolders());
            if (queued > share) {
                return "output queue over its share (" + share + " bytes) of the server's output budget";
            }
        }
        long soft = limits.softOutboundBytes();
        if (soft == Limits.UNLIMITED || queued <= soft) {
            return null;
        }
        if (softLimitCheck == null) {
            softLimitCheck = loop.schedule(TimeUnit.SECONDS.toMillis(limits.softOutboundSeconds()),
                    this::softLimitTimeUp);
        }
        return null;
    }

    private void softLimitTimeUp() {
        softLimitCheck = null;
        if (state == State.OPEN) {
            cutSlowConsumer("output queue over " + limits.softOutboundBytes() + " bytes for "
                    + limits.softOutboundSeconds() + " s");
        }
    }

    private void cancelSoftLimitCheck() {
        if (softLimitCheck != null) {
            softLimitCheck.cancel();
            softLimitCheck = null;
        }
    }

    private void cutSlowConsumer(String why) {
        log.info("closing slow consumer {}: {}", this, why);
        loop.stats().slowConsumerCuts++;
        close("slow consumer: " + why);
    }

    /** Stops reading; the queued output is written (for at most a few seconds), then the socket is closed. */
    public void closeAfterFlush(String reason) {
        if (state != State.OPEN) {
            return;
        }
        state = State.DRAINING;
        closeReason = reason;
        setInterest(SelectionKey.OP_READ, false);
        cancelTimers();
        if (queuedBytes == 0) {
            linger();
            return;
        }
        timer = loop.schedule(DRAIN_DEADLINE_MILLIS, () -> close(closeReason + " (output not drained in time)"));
    }

    /**
     * All output is written. A peer that has sent nothing unread is closed at once. One that is
     * still sending (a flooder, an oversize frame) would be reset: instead the writing side is
     * shut, so the peer reads everything and then an end of stream, and what it still sends is
     * dropped until it closes too, for at most {@link #LINGER_MILLIS}. Not while the server stops.
     */
    private void linger() {
        if (peerClosed || loop.isStopping() || !hasUnreadInput()) {
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
        if (timer != null) {
            timer.cancel();
        }
        timer = loop.schedule(LINGER_MILLIS, () -> close(closeReason));
        setInterest(SelectionKey.OP_READ, true);
    }

    /**
     * Whether the peer sent bytes not read yet; the one byte this reads is dropped, as lingering
     * drops the rest. Its own tiny buffer: this may run inside a handler, while the loop's read
     * buffer is being decoded.
     */
    private boolean hasUnreadInput() {
        try {
            return channel.read(ByteBuffer.allocate(1)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private void dropLingeringInput() throws IOException {
        ByteBuffer in = loop.readBuffer();
        in.clear();
        int n = channel.read(in);
        lingerDropped += Math.max(n, 0);
        if (n < 0 || lingerDropped > LINGER_MAX_BYTES) {
            close(closeReason);
        }
    }

    /** Marks the connection to be closed at the end of this loop pass; its queued output is dropped. */
    public void close(String reason) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        state = State.CLOSING;
        closeReason = reason;
        dropQueue();
        loop.markForClose(this);
    }

    /**
     * Counts this connection among those flood control's hard line gave up on. The dialect decides
     * when (it alone knows what a message is) and says why before it closes.
     */
    public void countFloodCut() {
        loop.stats().floodCuts++;
    }

    /**
     * Stops reading from the peer for a while: the bytes it sends wait in the kernel, and TCP slows
     * it down. Then {@code onResume} runs, and reading starts again unless it paused once more.
     */
    public void pauseReads(long millis, Runnable onResume) {
        if (state != State.OPEN) {
            return;
        }
        setInterest(SelectionKey.OP_READ, false);
        loop.stats().floodPauses++;
        if (readPause != null) {
            readPause.cancel();
        }
        readPause = loop.schedule(millis, () -> {
            readPause = null;
            if (state != State.OPEN) {
                return;
            }
            onResume.run();
            if (readPause == null && !readsSuspended && state == State.OPEN) {
                setInterest(SelectionKey.OP_READ, true);
            }
        });
    }

    /**
     * Stops reading from the peer until {@link #resumeReads}, however long that takes: for
     * back-pressure, where what ends the wait is another connection draining, not a time. Apart
     * from {@link #pauseReads}: reading starts again only when neither holds it.
     */
    public void suspendReads() {
        if (state != State.OPEN || readsSuspended) {
            return;
        }
        readsSuspended = true;
        loop.stats().backPressurePauses++;
        setInterest(SelectionKey.OP_READ, false);
    }

    /** Ends a {@link #suspendReads}; reading starts again unless a flood pause still holds it. */
    public void resumeReads() {
        if (!readsSuspended) {
            return;
        }
        readsSuspended = false;
        if (state == State.OPEN && readPause == null) {
            setInterest(SelectionKey.OP_READ, true);
        }
    }

    boolean readsSuspended() {
        return readsSuspended;
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
        waterMarks = marks;
        unwritable = queuedBytes > marks.high();
    }

    /**
     * False from the moment the queue grows above the high water mark until writes bring it below
     * the low one; then the handler hears {@link ConnectionHandler#onWritable}. Always true while
     * water marks are not watched, and once the connection is closing.
     */
    public boolean isWritable() {
        return !unwritable;
    }

    /** Bytes queued for the peer and not yet written. */
    long queuedBytes() {
        return queuedBytes;
    }

    /**
     * Runs {@code task} on the loop after {@code delayMillis} if this connection is still open then,
     * so that a dialect's own timers (IRC's keep-alive pings) need no bookkeeping at close.
     */
    public Timer schedule(long delayMillis, Runnable task) {
        Timer timer = loop.schedule(delayMillis, () -> {
            if (state == State.OPEN) {
                task.run();
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
        if ((readyOps & SelectionKey.OP_READ) != 0 && state == State.OPEN && readPause == null && !readsSuspended) {
            read();
        } else if ((readyOps & SelectionKey.OP_READ) != 0 && state == State.LINGERING) {
            dropLingeringInput();
        }
    }

    @Override
    public void failed(Exception cause) {
        if (cause instanceof IOException) {
            log.debug("{}: {}", this, cause.toString());
        } else {
            log.warn("closing {} after an error while serving it", this, cause);
        }
        close("error: " + cause.getMessage());
    }

    private void read() throws IOException {
        ByteBuffer in = loop.readBuffer();
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
            peerClosed = true;
            setInterest(SelectionKey.OP_READ, false);
            handler.onEof();
            return;
        }
        if (n > 0) {
            loop.stats().bytesRead += n;
            lastReadNanos = System.nanoTime();
            in.flip();
            handler.onBytes(in);
        }
    }

    /** Writes what the budget allows with one gathering write; asks for OP_WRITE only if bytes remain. */
    void flush() throws IOException {
        if (queuedBytes == 0 || state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        long before = cost();
        ByteBuffer[] gather = loop.gatherArray();
        int count = 0;
        long batch = 0;
        for (ByteBuffer buffer : queue) {
            // Views are made here, for this write only: a queue holds the shared buffers themselves.
            ByteBuffer view = buffer.duplicate();
            if (count == 0) {
                view.position(view.position() + headWritten);
            }
            gather[count++] = view;
            batch += view.remaining();
            if (count == gather.length || batch >= WRITE_BUDGET) {
                break;
            }
        }
        long written;
        try {
            written = channel.write(gather, 0, count);
        } finally {
            java.util.Arrays.fill(gather, 0, count, null);
        }
        queuedBytes -= written;
        loop.stats().bytesWritten += written;
        consume(written);
        if (queuedBytes == 0) {
            // A deque never shrinks: one burst would leave a big array on every idle connection.
            queue = null;
        }
        if (cost() <= limits.softOutboundBytes()) {
            cancelSoftLimitCheck(); // measured as slowConsumer measures it: what the queue costs
        }
        loop.outboundChanged(before, cost());
        setInterest(SelectionKey.OP_WRITE, queuedBytes > 0);
        if (queuedBytes == 0 && state == State.DRAINING) {
            linger();
        }
        if (unwritable && queuedBytes < waterMarks.low() && state != State.CLOSING) {
            unwritable = false;
            handler.onWritable(); // last: the handler may queue more output here
        }
    }

    /** Takes {@code written} bytes off the front of the queue. */
    private void consume(long written) {
        while (written > 0) {
            int left = queue.peekFirst().remaining() - headWritten;
            if (written >= left) {
                queue.pollFirst();
                written -= left;
                headWritten = 0;
            } else {
                headWritten += (int) written;
                written = 0;
            }
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
        dropQueue();
        memory.releaseAll();
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
            timer = null;
            handler.onIdle();
        } else {
            // Rescheduling on every read would churn the timer queue; checking late costs nothing.
            long waitMillis = TimeUnit.NANOSECONDS.toMillis(idleNanos - quietNanos) + 1;
            timer = loop.schedule(waitMillis, this::checkIdle);
        }
    }

    private void cancelTimers() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        cancelSoftLimitCheck();
        if (readPause != null) {
            readPause.cancel();
            readPause = null;
        }
        if (dialectTimers != null) {
            dialectTimers.forEach(Timer::cancel);
            dialectTimers = null;
        }
    }

    private void dropQueue() {
        loop.outboundChanged(cost(), 0);
        queue = null;
        queuedBytes = 0;
        headWritten = 0;
        unwritable = false;
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

    @Override
    public String toString() {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "closed connection";
        }
    }
}
