package reactorchat.reactor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread, one Selector, every connection. One pass of {@link #run}:
 * select (waiting at most until the nearest timer) → handle ready keys → run due timers →
 * run tasks handed in by other threads → flush connections with new output → close what was
 * marked for closing.
 *
 * <p>Everything here is for the loop thread only, except {@link #execute}, which other threads
 * use to hand work to the loop.
 */
public final class EventLoop {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    /** How long a loop that failed gives its connections to say goodbye. */
    private static final long SHUTDOWN_AFTER_FAILURE_MILLIS = 2_000;

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Timers timers = new Timers();
    private final LoopBuffers buffers = new LoopBuffers();
    private final FlushWindow flushWindow = new FlushWindow();
    private final List<Listener> listeners = new ArrayList<>();
    private final LoopStats stats = new LoopStats();
    private final Connections connections = new Connections(this);

    private Thread thread;
    /** When this pass's work began, as System.nanoTime. */
    private long passStartNanos;
    private boolean running;
    private boolean stopWhenEmpty;
    private boolean failed;

    public EventLoop() throws IOException {
        this.selector = Selector.open();
    }

    /**
     * Binds a listening socket and accepts on it from the next pass on.
     *
     * @throws java.net.BindException if the address is in use or cannot be bound
     */
    public Listener listen(String name, InetSocketAddress address, ConnectionFactory factory, Limits limits)
            throws IOException {
        return listen(name, address, factory, limits, null);
    }

    /**
     * As {@link #listen(String, InetSocketAddress, ConnectionFactory, Limits)}; with {@code tls}
     * not null, its connections speak TLS and their dialect sees the plaintext.
     */
    public Listener listen(String name, InetSocketAddress address, ConnectionFactory factory, Limits limits,
                           TlsContext tls) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 1024);
            return adopt(name, server, factory, limits, tls);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Accepts on a socket that is already bound and listening, e.g. one systemd passed in; with
     * {@code tls} not null, in TLS.
     */
    public Listener adopt(String name, ServerSocketChannel server, ConnectionFactory factory, Limits limits,
                          TlsContext tls) throws IOException {
        server.configureBlocking(false);
        Listener listener = new Listener(connections, name, server, factory, limits, tls);
        listener.register(server.register(selector, SelectionKey.OP_ACCEPT, listener));
        listeners.add(listener);
        return listener;
    }

    /** Hands a task to the loop from any thread; it runs on the loop thread within one pass. */
    public void execute(Runnable task) {
        tasks.add(task);
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} on the loop after {@code delayMillis}. Loop thread only. */
    public Timer schedule(long delayMillis, Runnable task) {
        return timers.add(System.nanoTime() + delayMillis * 1_000_000L, task);
    }

    /**
     * Serves until {@link #stop} or the end of a {@link #shutdown}; runs on the calling thread.
     * An error that no single connection's work can be blamed for (the heap ran out outside any
     * of them) begins a shutdown, so that everyone is told; a second one ends the loop at once.
     *
     * @return false if the loop stopped because of such an error
     */
    public boolean run() {
        thread = Thread.currentThread();
        running = true;
        try {
            while (running) {
                try {
                    runOnePass();
                } catch (RuntimeException | Error e) {
                    fail(e);
                }
            }
        } finally {
            close();
        }
        return !failed;
    }

    private void fail(Throwable e) {
        if (failed) {
            log.error("the loop failed again while shutting down; stopping now", e);
            running = false;
            return;
        }
        failed = true;
        log.error("the loop failed outside any one connection; shutting down", e);
        shutdown(SHUTDOWN_AFTER_FAILURE_MILLIS);
    }

    /** Stops at the end of this pass; open connections are closed without a goodbye. */
    public void stop() {
        running = false;
    }

    /**
     * Stops accepting, lets every connection's handler say goodbye, and stops once all are closed,
     * or after {@code graceMillis}, when whatever is left is closed as it is.
     */
    public void shutdown(long graceMillis) {
        if (stopWhenEmpty) {
            return;
        }
        stopWhenEmpty = true;
        for (Listener listener : listeners) {
            listener.close();
        }
        listeners.clear();
        connections.forEach(Connection::shutdown);
        schedule(graceMillis, () -> {
            connections.forEach(c -> c.close("server shut down before its output was flushed"));
            running = false;
        });
    }

    /** True once {@link #shutdown} has begun. */
    boolean isStopping() {
        return stopWhenEmpty;
    }

    /**
     * The longest new output may wait for more before it is written, in milliseconds (0: never);
     * it waits only as the loop gets busy. See {@link FlushWindow}.
     */
    public void setFlushWindow(long millis) {
        flushWindow.setMost(millis);
    }

    FlushWindow flushWindow() {
        return flushWindow;
    }

    public int connectionCount() {
        return connections.count();
    }

    /** Every open connection together: counts, the client memory budget, writers and closes. */
    public Connections connections() {
        return connections;
    }

    public LoopStats stats() {
        return stats;
    }

    /** Registers a socket with the selector, reading, with its handler as the key's attachment. */
    SelectionKey register(SocketChannel channel, IoHandler handler) throws IOException {
        Listener.configure(channel);
        return channel.register(selector, SelectionKey.OP_READ, handler);
    }

    LoopBuffers buffers() {
        return buffers;
    }

    /** When the work of the pass running now began, as System.nanoTime: it also tells one pass from the next. */
    long passStartNanos() {
        return passStartNanos;
    }

    private void runOnePass() {
        long waitStart = System.nanoTime();
        try {
            select();
        } catch (IOException e) {
            log.error("select failed", e);
        }
        long waited = System.nanoTime() - waitStart;
        flushWindow.passed(waited, runPassWork());
        if (stopWhenEmpty && connections.count() == 0) {
            running = false;
        }
    }

    /**
     * One pass without the wait in select. The fuzz targets call it from their own thread after
     * handing bytes to connections themselves, so that sessions are flushed and closed as the loop
     * does it, with no socket to wait on.
     *
     * @return how long the pass worked, in nanoseconds
     */
    long runPassWork() {
        long workStart = System.nanoTime();
        passStartNanos = workStart;
        dispatchReadyKeys();
        runSafely(() -> timers.runDue(System.nanoTime(), connections::closeMarked), "a timer");
        runTasks();
        connections.endOfPass();
        long work = System.nanoTime() - workStart;
        stats.recordPass(work);
        return work;
    }

    private void select() throws IOException {
        long now = System.nanoTime();
        long timeout = !tasks.isEmpty() ? 0 : soonest(connections.millisUntilWork(now), timers.millisUntilNext(now));
        if (timeout == 0) {
            selector.selectNow();
        } else if (timeout < 0) {
            selector.select();
        } else {
            selector.select(timeout);
        }
    }

    /** The sooner of two waits in milliseconds, where -1 is no wait at all. */
    private static long soonest(long a, long b) {
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    private void dispatchReadyKeys() {
        Set<SelectionKey> ready = selector.selectedKeys();
        for (SelectionKey key : ready) {
            dispatch(key);
            connections.closeMarked();
        }
        ready.clear();
    }

    private void dispatch(SelectionKey key) {
        IoHandler handler = (IoHandler) key.attachment();
        try {
            if (key.isValid()) {
                handler.handle(key.readyOps());
            }
        } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
            if (e instanceof Error) {
                stats.errorCuts++;
            }
            handler.failed(e);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            runSafely(task, "a task");
            connections.closeMarked();
        }
    }

    /** Closes every connection, listener and the selector; for a loop that has stopped or never ran. */
    public void close() {
        connections.forEach(c -> c.close("server stopped"));
        connections.endOfPass();
        for (Listener listener : listeners) {
            listener.close();
        }
        listeners.clear();
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing selector: {}", e.toString());
        }
    }

    private void runSafely(Runnable action, String what) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.error("{} failed; the loop goes on", what, e);
        }
    }
}
