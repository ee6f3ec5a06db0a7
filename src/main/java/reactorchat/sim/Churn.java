package reactorchat.sim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Connection churn: cycles started at a steady rate, each a fresh connection that registers, joins
 * its own room, says {@link #LINES} lines, waits to hear them back (where the dialect echoes), and
 * leaves, by turns with a quit, a reset (SO_LINGER 0) or a half-close. A quit or half-close ends
 * when the server closes its side; a cycle that has not ended within {@link #CYCLE_LIMIT_NANOS}
 * failed, as did one the server closed before it asked to leave.
 */
final class Churn {
    enum Leave { QUIT, RESET, HALF_CLOSE }

    static final int LINES = 2;
    static final long CYCLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(15);
    /** Cycles under way at once, at most: a stalled server must not make the simulator open thousands. */
    static final int MAX_LIVE = 200;

    private final ClientLoop loop;
    private final double perSecond;
    private final String room;
    /** In start order, which is also deadline order. */
    private final Map<SimClient, Cycle> live = new LinkedHashMap<>();
    private final long[] completed = new long[Leave.values().length];
    private final Map<String, Integer> failures = new LinkedHashMap<>();
    private long fromNanos;
    private long started;
    private boolean running;

    private static final class Cycle {
        final Leave leave;
        final long deadline;
        int heard;

        Cycle(Leave leave, long deadline) {
            this.leave = leave;
            this.deadline = deadline;
        }
    }

    Churn(ClientLoop loop, double perSecond, String room) {
        this.loop = loop;
        this.perSecond = perSecond;
        this.room = room;
    }

    String room() {
        return room;
    }

    void start(long now) {
        fromNanos = now;
        running = perSecond > 0;
    }

    /** Starts the cycles that are due and fails those past their limit. */
    void tick(long now) {
        while (running && started < due(now) && live.size() < MAX_LIVE) {
            Leave leave = Leave.values()[(int) (started % completed.length)];
            started++;
            SimClient client = loop.open(SimClient.Role.CHURN);
            if (client.state() != SimClient.State.CLOSED) {
                live.put(client, new Cycle(leave, now + CYCLE_LIMIT_NANOS));
            }
        }
        for (Iterator<Map.Entry<SimClient, Cycle>> it = live.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SimClient, Cycle> entry = it.next();
            if (entry.getValue().deadline > now) {
                break;
            }
            it.remove();
            SimClient client = entry.getKey();
            failed("did not finish within " + TimeUnit.NANOSECONDS.toSeconds(CYCLE_LIMIT_NANOS) + " s (still "
                    + (client.leaving() ? "leaving" : client.state().name().toLowerCase()) + ")");
            client.close(null);
        }
    }

    void joined(SimClient client) {
        byte[] line = new byte[128];
        for (int n = 0; n < LINES; n++) {
            int at = loop.dialect().messagePrefix(line, room);
            byte[] text = SimDialect.ascii(said(client, n));
            byte[] end = loop.dialect().terminator();
            System.arraycopy(text, 0, line, at, text.length);
            System.arraycopy(end, 0, line, at + text.length, end.length);
            client.trySend(line, 0, at + text.length + end.length);
        }
        if (!loop.dialect().echoesSender) {
            leave(client);
        }
    }

    /** A message in the churn room: once a client has heard its own lines back, it leaves. */
    void heard(SimClient client, byte[] bytes, int at, int end) {
        Cycle cycle = live.get(client);
        if (cycle == null || client.leaving()) {
            return;
        }
        String prefix = "churn " + client.id + " ";
        if (SimDialect.startsWith(bytes, at, end - at, prefix) && ++cycle.heard == LINES) {
            leave(client);
        }
    }

    void closed(SimClient client, String reason) {
        Cycle cycle = live.remove(client);
        if (cycle == null) {
            if (reason != null) {
                failed(reason); // it failed before it was counted as started
            }
            return;
        }
        if (client.leaving()) {
            completed[cycle.leave.ordinal()]++;
        } else {
            failed(reason);
        }
    }

    /** Starts no more cycles and drops those under way, uncounted. */
    void stop() {
        running = false;
        List<SimClient> open = new ArrayList<>(live.keySet());
        live.clear();
        for (SimClient client : open) {
            client.close(null);
        }
    }

    long nextWake() {
        long next = running && live.size() < MAX_LIVE
                ? fromNanos + (long) Math.ceil(started * 1e9 / perSecond) : Long.MAX_VALUE;
        return live.isEmpty() ? next : Math.min(next, live.values().iterator().next().deadline); // first is earliest
    }

    long completed() {
        long total = 0;
        for (long n : completed) {
            total += n;
        }
        return total;
    }

    long completed(Leave leave) {
        return completed[leave.ordinal()];
    }

    int failedCount() {
        int total = 0;
        for (int n : failures.values()) {
            total += n;
        }
        return total;
    }

    Map<String, Integer> failures() {
        return failures;
    }

    private void leave(SimClient client) {
        Cycle cycle = live.get(client);
        switch (cycle.leave) {
            case QUIT -> client.quit();
            case HALF_CLOSE -> client.halfClose();
            case RESET -> {
                live.remove(client);
                client.reset();
                completed[Leave.RESET.ordinal()]++;
            }
        }
    }

    private long due(long now) {
        return (long) ((now - fromNanos) / 1e9 * perSecond) + 1;
    }

    private static String said(SimClient client, int n) {
        return "churn " + client.id + " " + n;
    }

    private void failed(String reason) {
        String key = failures.containsKey(reason) || failures.size() < 12 ? reason : "(other reasons)";
        failures.merge(key, 1, Integer::sum);
    }
}
