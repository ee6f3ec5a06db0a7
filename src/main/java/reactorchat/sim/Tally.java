package reactorchat.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every count a run keeps: each loop keeps its own, which only its thread updates, and they are added up. */
final class Tally {
    /** Distinct failure reasons kept word for word; beyond that they are counted together. */
    private static final int MAX_REASONS = 12;

    long connectsStarted;
    int connected;
    int joined;
    /** Connections that ended before they joined: refused, dropped, or the OS would not open them. */
    final Map<String, Integer> setupFailures = new LinkedHashMap<>();
    /** Connections that ended after they joined. */
    final Map<String, Integer> disconnects = new LinkedHashMap<>();
    /** What stopped new connections, if the OS did (file descriptors or local ports), with advice. */
    String osLimit;

    long sent;
    long sentMeasured;
    long delivered;
    long deliveredMeasured;
    long lost;
    /** Deliveries that came after the drain: the server delivered them, slower than they were sent. */
    long late;
    /** Lines no receiver had had when the drain ended: the server had not relayed them yet. */
    long heldBack;
    /** Late deliveries of those lines: the server let them through after all, slower than sent. */
    long lateHeldBack;
    long duplicated;
    long reordered;
    /** Lines that looked like room messages but did not carry a payload of this run. */
    long foreign;
    /** Silent clients that ended after joining: cut by the server, as they should be. */
    int silentClosed;
    long floodSent;
    long floodDelivered;
    /** The longest a flood line took from its send to a chatter. */
    long floodLateMax;

    final Histogram latency = new Histogram();
    final Histogram lastSecond = new Histogram();

    /**
     * A message reached a receiver, {@code latency} after it was meant to be sent. A scheduled
     * sender's counts toward latency if it was meant to be sent in the measured window; a
     * flooder's only toward how late flood lines arrive; one that was not timed (a receiver that
     * reads only now and then) toward neither.
     */
    void delivered(boolean flooder, boolean measured, boolean timed, long latency) {
        delivered++;
        if (flooder) {
            floodDelivered++;
            if (timed) {
                floodLateMax = Math.max(floodLateMax, latency);
            }
            return;
        }
        if (timed) {
            lastSecond.record(latency); // the live line shows warmup latency too
        }
        if (measured) {
            deliveredMeasured++;
            if (timed) {
                this.latency.record(latency);
            }
        }
    }

    /** Adds {@code other}'s counts to these. */
    void add(Tally other) {
        connectsStarted += other.connectsStarted;
        connected += other.connected;
        joined += other.joined;
        other.setupFailures.forEach((reason, n) -> count(setupFailures, reason, n));
        other.disconnects.forEach((reason, n) -> count(disconnects, reason, n));
        osLimit = osLimit != null ? osLimit : other.osLimit;
        sent += other.sent;
        sentMeasured += other.sentMeasured;
        delivered += other.delivered;
        deliveredMeasured += other.deliveredMeasured;
        lost += other.lost;
        late += other.late;
        heldBack = Math.max(heldBack, other.heldBack); // a count of the run's lines: every loop counts the same
        lateHeldBack += other.lateHeldBack;
        duplicated += other.duplicated;
        reordered += other.reordered;
        foreign += other.foreign;
        silentClosed += other.silentClosed;
        floodSent += other.floodSent;
        floodDelivered += other.floodDelivered;
        floodLateMax = Math.max(floodLateMax, other.floodLateMax);
        latency.add(other.latency);
        lastSecond.add(other.lastSecond);
    }

    void setupFailed(String reason) {
        count(setupFailures, reason, 1);
    }

    void disconnected(String reason) {
        count(disconnects, reason, 1);
    }

    int setupFailureCount() {
        return sum(setupFailures);
    }

    int disconnectCount() {
        return sum(disconnects);
    }

    private static void count(Map<String, Integer> reasons, String reason, int times) {
        String key = reasons.containsKey(reason) || reasons.size() < MAX_REASONS ? reason : "(other reasons)";
        reasons.merge(key, times, Integer::sum);
    }

    private static int sum(Map<String, Integer> reasons) {
        int total = 0;
        for (int n : reasons.values()) {
            total += n;
        }
        return total;
    }
}
