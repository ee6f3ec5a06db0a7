package reactorchat.reactor;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every open connection of one loop, together: how many there are and from where, what their
 * output and held input cost in the server's {@link ClientMemory}, which have output to write
 * this pass and which are to be closed. The loop asks it to close the marked after every handler,
 * and at the end of each pass to flush the writers and, through its {@link MemoryReclaimer}, to
 * cut the biggest holders if the budget is still exceeded.
 */
public final class Connections {
    private static final Logger log = LoggerFactory.getLogger(Connections.class);

    private final EventLoop loop;
    private final ClientMemory memory = new ClientMemory(Limits.UNLIMITED);
    private final SpareQueues spareQueues = new SpareQueues(memory);
    /** Open connections per {@link AddressGroup}. */
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int ipv6PrefixBits = AddressGroup.DEFAULT_IPV6_PREFIX;
    private final List<Connection> pendingWriters = new ArrayList<>();
    private final List<Connection> closing = new ArrayList<>();
    /** Every connection not closed yet, in no order; each knows its slot, so that removing one costs no search. */
    private final List<Connection> all = new ArrayList<>();
    /**
     * Bytes the end of one pass writes before it leaves the other writers to the next pass: a
     * burst to thousands of readers is hundreds of megabytes, and whoever waits on the loop (a
     * user whose line is in the next read) would wait for all of it.
     */
    static final long PASS_WRITE_BUDGET = 4L << 20;

    private final MemoryReclaimer reclaimer;
    /** When the first of the pending writers is due to be written, as System.nanoTime. */
    private long flushDueNanos = Long.MAX_VALUE;
    private int outputHolders;
    private long queuedTotal;

    Connections(EventLoop loop) {
        this.loop = loop;
        this.reclaimer = new MemoryReclaimer(memory, all, loop);
        memory.reclaimWith(reclaimer::reclaim);
    }

    EventLoop loop() {
        return loop;
    }

    /** The budget of all the memory clients make the server hold. */
    public ClientMemory memory() {
        return memory;
    }

    SpareQueues spareQueues() {
        return spareQueues;
    }

    public int count() {
        return all.size();
    }

    /**
     * How much of an IPv6 address names one peer for --max-per-address; set before the first
     * connection, as the counts are kept by it.
     */
    public void groupIpv6By(int prefixBits) {
        if (!all.isEmpty()) {
            throw new IllegalStateException("the IPv6 prefix is set before any connection is counted");
        }
        this.ipv6PrefixBits = prefixBits;
    }

    /** Connections with output queued. */
    int outputHolders() {
        return outputHolders;
    }

    /**
     * Why one more connection from {@code peer} is refused under {@code limits}, or null if it is
     * welcome; {@code reserve} more than --max-connections are let in (see {@link Listener#reserve}).
     * A trusted proxy's connection is not held to --max-per-address ({@code perAddress} false):
     * it is counted under its client's address once it gives it.
     */
    String refusal(Limits limits, int reserve, InetAddress peer, boolean perAddress) {
        if (limits.maxConnections() != Limits.UNLIMITED && all.size() >= limits.maxConnections() + reserve) {
            return "server full (" + limits.maxConnections() + " connections)";
        }
        return perAddress ? perAddressRefusal(limits, AddressGroup.of(peer, ipv6PrefixBits)) : null;
    }

    private String perAddressRefusal(Limits limits, InetAddress group) {
        if (limits.maxPerAddress() != Limits.UNLIMITED
                && perAddress.getOrDefault(group, 0) >= limits.maxPerAddress()) {
            return "too many connections from " + AddressGroup.describe(group, ipv6PrefixBits) + " ("
                    + limits.maxPerAddress() + ")";
        }
        return null;
    }

    /**
     * Counts a connection from {@code from} under {@code to} instead, the address a trusted proxy
     * gave for its client; null if done, or why not: {@code to} has its --max-per-address already.
     */
    String moveCount(InetAddress from, InetAddress to, Limits limits) {
        InetAddress before = AddressGroup.of(from, ipv6PrefixBits);
        InetAddress after = AddressGroup.of(to, ipv6PrefixBits);
        if (before.equals(after)) {
            return null;
        }
        String refusal = perAddressRefusal(limits, after);
        if (refusal == null) {
            uncount(before);
            perAddress.merge(after, 1, Integer::sum);
        }
        return refusal;
    }

    /** Registers an accepted socket and gives it to its dialect. */
    void open(Listener listener, SocketChannel channel, InetAddress peer, ConnectionFactory factory, Limits limits)
            throws IOException {
        Connection connection = new Connection(this, listener, channel, peer, limits);
        SelectionKey key = loop.register(channel, connection);
        add(connection);
        loop.stats().accepted++;
        log.debug("accepted {}", connection);
        serve(connection, () -> connection.start(key, factory));
    }

    /** Counts a new connection in, until the close phase takes it out. */
    void add(Connection connection) {
        connection.slot = all.size();
        all.add(connection);
        perAddress.merge(AddressGroup.of(connection.peer(), ipv6PrefixBits), 1, Integer::sum);
    }

    private void remove(Connection connection) {
        Connection last = all.remove(all.size() - 1);
        if (last != connection) {
            all.set(connection.slot, last);
            last.slot = connection.slot;
        }
        uncount(AddressGroup.of(connection.peer(), ipv6PrefixBits));
    }

    private void uncount(InetAddress group) {
        perAddress.computeIfPresent(group, (address, n) -> n == 1 ? null : n - 1);
    }

    /** Runs {@code action} on every connection not closed yet; it may mark them for closing. */
    void forEach(Consumer<Connection> action) {
        for (Connection connection : List.copyOf(all)) {
            try {
                action.accept(connection);
            } catch (RuntimeException e) {
                log.error("acting on {} failed; the loop goes on", connection, e);
            }
        }
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
        flushDueNanos = Math.min(flushDueNanos, connection.output().queuedSince() + loop.flushWindow().nanos());
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

    /**
     * How long the loop may wait in select before the end of a pass has work: 0 if it has now,
     * -1 if it has none; a writer waiting out the flush window is due when its window ends.
     */
    long millisUntilWork(long nowNanos) {
        if (!closing.isEmpty()) {
            return 0;
        }
        if (pendingWriters.isEmpty()) {
            return -1;
        }
        return Timers.millisUntil(flushDueNanos, nowNanos);
    }

    /** Flush the writers, keep the budget, close the marked: the end of every loop pass. */
    void endOfPass() {
        flushPendingWriters();
        reclaimer.cutIfOver();
        closeMarked();
    }

    private void flushPendingWriters() {
        // A flush may close a connection, and through a handler's onWritable a producer may queue
        // output for others: iterate by index, so writers added meanwhile are flushed in this pass too.
        long start = loop.stats().bytesWritten;
        long now = System.nanoTime();
        long window = loop.flushWindow().nanos();
        long due = Long.MAX_VALUE;
        int kept = 0;
        int next = 0;
        while (next < pendingWriters.size() && loop.stats().bytesWritten - start < PASS_WRITE_BUDGET) {
            Connection connection = pendingWriters.get(next++);
            long flushAt = connection.output().queuedSince() + window;
            if (window > 0 && flushAt - now > 0 && connection.takesOutput()
                    && !connection.output().fillsAWrite()) {
                pendingWriters.set(kept++, connection); // more may come for it before its window ends
                due = Math.min(due, flushAt);
                continue;
            }
            try {
                connection.flush();
            } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
                failed(connection, e);
            }
        }
        if (next < pendingWriters.size()) {
            due = now; // the write budget ran out: those not reached are due at once
        }
        // Those kept and those not reached stay, in their order: the next pass starts with them.
        pendingWriters.subList(kept, next).clear();
        flushDueNanos = due;
    }

    /**
     * Closes the connections marked for closing. The loop calls it after every handler, timer and
     * task, not only at the end of the pass: a cut gives its memory back to the budget at once, and
     * what the cut connection still holds (its held input) must be garbage before the next
     * connection's read spends what was given back. Otherwise one pass that cuts hundreds of
     * holders keeps their bytes alive beside the new ones, and the heap holds twice the budget.
     */
    void closeMarked() {
        // Closing tells chat code, which may mark more connections: drain until none are left.
        for (int i = 0; i < closing.size(); i++) {
            Connection connection = closing.get(i);
            try {
                connection.closeNow();
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                log.error("closing {} failed; the loop goes on", connection, e);
            }
            remove(connection);
        }
        closing.clear();
    }
}
