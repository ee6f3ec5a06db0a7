package reactorchat.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The receivers that read every --read-interval instead of at once (--probes): as clients on
 * real networks do, and at a fraction of the simulator's reads. They still check every message
 * for loss and order, but give no latency.
 */
final class PacedReaders {
    private final long intervalNanos;
    private final List<SimClient> readers = new ArrayList<>();
    private long nextReadNanos = Long.MAX_VALUE;

    PacedReaders(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** From now on {@code clients} read only every interval. */
    void pace(List<SimClient> clients, long now) {
        for (SimClient client : clients) {
            client.readOnlyNowAndThen();
            readers.add(client);
        }
        nextReadNanos = readers.isEmpty() ? Long.MAX_VALUE : now + intervalNanos;
    }

    /** Has them all read, if an interval has passed. */
    void readDue(long now) {
        if (now >= nextReadNanos) {
            readAll();
            nextReadNanos = now + intervalNanos;
        }
    }

    /** Has them all read now: before the run's counts are settled, what waits in their sockets came in time. */
    void readAll() {
        for (SimClient client : readers) {
            client.readNow();
        }
    }

    long nextWake() {
        return nextReadNanos;
    }
}
