package reactorchat.sim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Clients that join and stop reading, so the server's output for them piles up until it cuts them
 * off. A client cannot see that cut while it reads nothing, so each one, when its silence ends,
 * reads again: the rest of what the server queued, then end-of-stream (or a reset) if it was cut.
 * Still open after {@link #CHECK_LIMIT_NANOS} means the server kept it. In a soak they are
 * replaced as they end ({@code keep} at a time, started evenly over a silence); the silent clients
 * of an ordinary run stay silent until the run's end.
 */
final class SlowReaders {
    static final long CHECK_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ClientLoop loop;
    private final SimClient.Role role;
    private final int keep;
    private final long silenceNanos;
    private final Map<SimClient, Watch> watched = new LinkedHashMap<>();
    private final Map<String, Integer> failures = new LinkedHashMap<>();
    private long nextOpen;
    private boolean stopped;
    private int cut;
    private int notCut;

    /** When a client stops being silent, and from then on until when it may take to show the cut. */
    private static final class Watch {
        long wakeAt = Long.MAX_VALUE;
        long checkUntil = Long.MAX_VALUE;
    }

    /**
     * @param keep          how many to keep going, opening new ones as they end; 0 to only watch those added
     * @param silenceNanos  how long each keeps silent after joining, when {@code keep} is above 0
     */
    SlowReaders(ClientLoop loop, SimClient.Role role, int keep, long silenceNanos) {
        this.loop = loop;
        this.role = role;
        this.keep = keep;
        this.silenceNanos = silenceNanos;
    }

    /** Watches a client opened elsewhere; it stays silent until {@link #wakeAll}. */
    void add(SimClient client) {
        watched.put(client, new Watch());
    }

    void joined(SimClient client, long now) {
        client.stopReading();
        Watch watch = watched.get(client);
        if (watch != null && keep > 0) {
            watch.wakeAt = now + silenceNanos;
        }
    }

    /** Opens replacements, ends silences that are due, and gives up on those the server kept. */
    void tick(long now) {
        if (!stopped && watched.size() < keep && now >= nextOpen) {
            SimClient client = loop.open(role);
            if (client.state() != SimClient.State.CLOSED) {
                watched.put(client, new Watch());
            }
            nextOpen = now + silenceNanos / keep;
        }
        for (Iterator<Map.Entry<SimClient, Watch>> it = watched.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SimClient, Watch> entry = it.next();
            Watch watch = entry.getValue();
            if (now >= watch.checkUntil) {
                it.remove();
                notCut++;
                entry.getKey().close(null);
            } else if (now >= watch.wakeAt && watch.checkUntil == Long.MAX_VALUE) {
                watch.checkUntil = now + CHECK_LIMIT_NANOS;
                entry.getKey().startReading();
            }
        }
    }

    /** Ends every silence now (the end of an ordinary run). */
    void wakeAll(long now) {
        for (Watch watch : watched.values()) {
            watch.wakeAt = Math.min(watch.wakeAt, now);
        }
    }

    /** The server closed it, or it failed: a cut if it had joined, else a failure to set up. */
    void closed(SimClient client, SimClient.State was, String reason) {
        watched.remove(client);
        if (was == SimClient.State.JOINED) {
            cut++;
        } else {
            failures.merge(reason, 1, Integer::sum);
        }
    }

    /** Opens no more and closes those still silent, uncounted (a soak's end). */
    void stop() {
        stopped = true;
        List<SimClient> open = new ArrayList<>(watched.keySet());
        watched.clear();
        for (SimClient client : open) {
            client.close(null);
        }
    }

    /** Clients still being watched. */
    int pending() {
        return watched.size();
    }

    long nextWake() {
        long next = !stopped && watched.size() < keep ? nextOpen : Long.MAX_VALUE;
        for (Watch watch : watched.values()) {
            next = Math.min(next, watch.checkUntil == Long.MAX_VALUE ? watch.wakeAt : watch.checkUntil);
        }
        return next;
    }

    int cut() {
        return cut;
    }

    int notCut() {
        return notCut;
    }

    Map<String, Integer> failures() {
        return failures;
    }
}
