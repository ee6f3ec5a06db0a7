package reactorchat.reactor;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every open connection of one loop, together: how many there are and from where, what their
 * output and held input cost in the server's {@link ClientMemory}, which have output to write
 * this pass and which are to be closed. At the end of each pass the loop asks it to flush the
 * writers, to cut the biggest holders if the budget is still exceeded, and to close the marked.
 */
public final class Connections {
    private static final Logger log = LoggerFactory.getLogger(Connections.class);

    private final EventLoop loop;
    private final ClientMemory memory = new ClientMemory(Limits.UNLIMITED);
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private final List<Connection> pendingWriters = new ArrayList<>();
    private final List<Connection> closing = new ArrayList<>();
    private int count;
    private int outputHolders;
    private long queuedTotal;

    Connections(EventLoop loop) {
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    /** The budget of all the memory clients make the server hold. */
    public ClientMemory memory() {
        return memory;
    }

    public int count() {
        return count;
    }

    /** Connections with output queued. */
    int outputHolders() {
        return outputHolders;
    }

    /**
     * Why one more connection from {@code peer} is refused under {@code limits}, or null if it is
     * welcome; {@code reserve} more than --max-connections are let in (see {@link Listener#reserve}).
     */
    String refusal(Limits limits, int reserve, InetAddress peer) {
        if (limits.maxConnections() != Limits.UNLIMITED && count >= limits.maxConnections() + reserve) {
            return "server full (" + limits.maxConnections() + " connections)";
        }
        if (limits.maxPerAddress() != Limits.UNLIMITED && perAddress.getOrDefault(peer, 0) >= limits.maxPerAddress()) {
            return "too many connections from " + peer.getHostAddress() + " (" + limits.maxPerAddress() + ")";
        }
        return null;
    }

    /** Registers an accepted socket and gives it to its dialect. */
    void open(Listener listener, SocketChannel channel, InetAddress peer, ConnectionFactory factory, Limits limits)
            throws IOException {
        Connection connection = new Connection(this, listener, channel, peer, limits);
        SelectionKey key = loop.register(channel, connection);
        count++;
        perAddress.merge(peer, 1, Integer::sum);
        loop.stats().accepted++;
        log.debug("accepted {}", connection);
        serve(connection, () -> connection.start(key, factory.open(connection)));
    }

    /**
     * Runs work on behalf of one connection: whatever it throws, an {@link OutOfMemoryError}
     * included, closes that connection alone, whose queue and held input are then given back.
     */
    void serve(Connection connection, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            failed(connection, e);
        }
    }

    void failed(Connection connection, Throwable cause) {
        if (cause instanceof Error) {
            loop.stats().errorCuts++;
        }
        connection.failed(cause);
    }

    void addPendingWriter(Connection connection) {
        pendingWriters.add(connection);
    }

    void markForClose(Connection connection) {
        closing.add(connection);
    }

    /**
     * What the output queues hold, each counted as if it were alone: their unwritten bytes and
     * their slots. A shared buffer counts in every queue here, unlike in the {@link #memory budget}.
     */
    public long queuedTotal() {
        return queuedTotal;
    }

    void outputChanged(long before, long after) {
        queuedTotal += after - before;
        if (before == 0 && after > 0) {
            outputHolders++;
        } else if (before > 0 && after == 0) {
            outputHolders--;
        }
    }

    /** Whether the end of the pass has work left: the loop must not wait in select then. */
    boolean hasWork() {
        return !pendingWriters.isEmpty() || !closing.isEmpty();
    }

    /** Flush the writers, keep the budget, close the marked: the end of every loop pass. */
    void endOfPass() {
        flushPendingWriters();
        if (memory.isOver()) {
            cutBiggestHolders();
        }
        closeMarked();
    }

    private void flushPendingWriters() {
        // A flush may close a connection, and through a handler's onWritable a producer may queue
        // output for others: iterate by index, so writers added meanwhile are flushed in this pass too.
        for (int i = 0; i < pendingWriters.size(); i++) {
            Connection connection = pendingWriters.get(i);
            try {
                connection.flush();
            } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
                failed(connection, e);
            }
        }
        pendingWriters.clear();
    }

    /**
     * Output is never refused to a reader, so the budget can be exceeded by queues each within
     * their own limits. Then those holding more than an equal share are cut, the biggest first,
     * until the budget holds again; a connection holding no more than its share is never cut.
     */
    private void cutBiggestHolders() {
        List<Connection> holders = new ArrayList<>();
        loop.forEachConnection(connection -> {
            if (connection.isOpen() && connection.holdings() > 0) {
                holders.add(connection);
            }
        });
        long share = memory.limit() / Math.max(1, holders.size());
        holders.removeIf(connection -> connection.holdings() <= share);
        holders.sort(Comparator.comparingLong(Connection::holdings).reversed());
        for (Connection connection : holders) {
            if (!memory.isOver()) {
                return;
            }
            connection.cutSlowConsumer("holding " + connection.holdings() + " bytes, over its share (" + share
                    + " bytes) of the server's client memory");
        }
    }

    private void closeMarked() {
        // Closing tells chat code, which may mark more connections: drain until none are left.
        for (int i = 0; i < closing.size(); i++) {
            Connection connection = closing.get(i);
            try {
                connection.closeNow();
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                log.error("closing {} failed; the loop goes on", connection, e);
            }
            count--;
            perAddress.computeIfPresent(connection.peer(), (address, n) -> n == 1 ? null : n - 1);
        }
        closing.clear();
    }
}
