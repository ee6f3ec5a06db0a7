package reactorchat.reactor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes room in a full client memory budget, as Redis's maxmemory evicts before it refuses a
 * write: it cuts the connections holding more than an equal share of the budget, the biggest
 * first, and only as many as it takes. A connection holding no more than its share is never cut.
 *
 * <p>What a client sent or built up (held input, an unfinished frame) goes before what the server
 * queued for it: a reader whose room just had a burst holds as much as an attacker holding input,
 * but only for as long as it takes to read it. Output is weighed only if cutting the input holders
 * was not enough; that also spares most scans the walk of every queue that measuring a shared
 * buffer's part takes.
 */
final class MemoryReclaimer {
    private static final Logger log = LoggerFactory.getLogger(MemoryReclaimer.class);

    /** How long reclaiming rests after a scan that found nobody to cut. */
    private static final long FUTILE_RECLAIM_PAUSE_NANOS = 100_000_000;
    /** A scan that must make room makes this part of the budget free, not just what one charge needs. */
    private static final int RECLAIM_HEADROOM_PARTS = 16;

    private final ClientMemory memory;
    /** The registry's own list of the connections not closed yet. */
    private final List<Connection> all;
    private final EventLoop loop;
    private long nextReclaimNanos = System.nanoTime();

    MemoryReclaimer(ClientMemory memory, List<Connection> all, EventLoop loop) {
        this.memory = memory;
        this.all = all;
        this.loop = loop;
    }

    /** Makes room for {@code bytes} that did not fit; whether they fit now. */
    boolean reclaim(long bytes) {
        // A scan that finds nobody over their share goes through every connection for nothing;
        // under an attack that makes many charges fail, one such scan in a while is enough.
        if (System.nanoTime() - nextReclaimNanos < 0) {
            return false;
        }
        if (cutBiggestHolders(bytes + headroom()) == 0) {
            nextReclaimNanos = System.nanoTime() + FUTILE_RECLAIM_PAUSE_NANOS;
        }
        return memory.fits(bytes);
    }

    /**
     * Output is never refused to a reader, so the queues alone can take the total past the
     * budget: the end of each pass brings it back under, with the same headroom.
     */
    void cutIfOver() {
        if (memory.isOver()) {
            cutBiggestHolders(headroom());
        }
    }

    /**
     * What a scan frees beyond what was asked: a scan walks every connection, so one that made
     * room for one charge alone would run again at the next, as often as there are attackers.
     */
    private long headroom() {
        return memory.limit() / RECLAIM_HEADROOM_PARTS;
    }

    /** Cuts until {@code bytes} more fit: those holding input first, then by all they hold. */
    private int cutBiggestHolders(long bytes) {
        int holding = 0;
        for (Connection connection : all) {
            if (connection.isOpen() && mayHold(connection)) {
                holding++;
            }
        }
        long share = memory.limit() / Math.max(1, holding);
        int cut = cutOverShare(bytes, share, MemoryReclaimer::held);
        if (!memory.fits(bytes)) {
            cut += cutOverShare(bytes, share, MemoryReclaimer::holdings);
        }
        return cut;
    }

    /** Cuts those whose {@code measure} is over {@code share}, the biggest first, until {@code bytes} fit. */
    private int cutOverShare(long bytes, long share, ToLongFunction<Connection> measure) {
        // Each is measured once: measuring output walks the connection's queue.
        List<Holder> over = new ArrayList<>();
        for (Connection connection : all) {
            long holding = connection.isOpen() ? measure.applyAsLong(connection) : 0;
            if (holding > share) {
                over.add(new Holder(connection, holding));
            }
        }
        over.sort(Comparator.comparingLong(Holder::bytes).reversed());
        int cut = 0;
        for (Holder holder : over) {
            if (memory.fits(bytes)) {
                break;
            }
            cutForMemory(holder.connection, holder.bytes, share);
            cut++;
        }
        return cut;
    }

    /** Closes a connection holding more than its share: as a slow consumer if that is mostly output. */
    private void cutForMemory(Connection connection, long holding, long share) {
        if (holding - held(connection) >= held(connection)) {
            connection.output().cutSlowConsumer(OutputLimits.overShare(share));
            return;
        }
        String why = "holding " + holding + " bytes, over its share (" + share + " bytes) of the server's client memory";
        log.info("closing {}: {}", connection, why);
        loop.stats().memoryCuts++;
        connection.close(why);
    }

    /** What the upper layers charged for a connection: its held input, an unfinished frame. */
    private static long held(Connection connection) {
        return connection.memory().held();
    }

    /**
     * What a connection makes the server hold, as the budget counts it: its part of the output
     * buffers it shares with others, its own ones and what the upper layers charged for it.
     */
    private static long holdings(Connection connection) {
        return connection.output().share() + held(connection);
    }

    /** Whether a connection holds anything at all; cheaper than {@link #holdings}. */
    private static boolean mayHold(Connection connection) {
        return !connection.output().isEmpty() || held(connection) > 0;
    }

    private record Holder(Connection connection, long bytes) {
    }
}
