package reactorchat.sim;

import java.util.concurrent.TimeUnit;

/**
 * The end of a run's counting. When the drain is over with messages still to come, it waits for
 * them while they keep coming: what comes then is late, what never comes is lost. Late
 * deliveries of lines that no receiver had when the drain ended are the server's pacing (flood
 * control); the report says so. Once settled, nothing that arrives counts.
 */
final class LateWait {
    /** The longest the wait for late messages lasts. */
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** The wait ends once no message has come for this long: the rest are lost. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(3);

    /** Per sender, the furthest any receiver had got when the drain ended; null while not waiting. */
    private long[] furthestAtDrainEnd;
    private long deliveredAtDrainEnd;
    private long deliveredBefore;
    private long lastArrivalNanos;
    private long deadlineNanos;
    private boolean settled;

    /** The drain ended with messages still to come: starts waiting for them. */
    void start(long now, Traffic traffic, Tally tally) {
        furthestAtDrainEnd = traffic.furthestReceived();
        tally.heldBack = traffic.relayedToNobody(furthestAtDrainEnd);
        deliveredAtDrainEnd = tally.delivered;
        deliveredBefore = tally.delivered;
        lastArrivalNanos = now;
        deadlineNanos = now + LIMIT_NANOS;
    }

    /** Whether the wait is over: everything came, nothing has come for a while, or time is up. */
    boolean isOver(long now, Traffic traffic, Tally tally) {
        if (tally.delivered > deliveredBefore) {
            deliveredBefore = tally.delivered;
            lastArrivalNanos = now;
        }
        return traffic.nothingOutstanding() || now - lastArrivalNanos >= STALL_NANOS || now >= deadlineNanos;
    }

    long deadline() {
        return deadlineNanos;
    }

    /** Message {@code seq} from {@code sender} was delivered; counted if it is a held-back line come late. */
    void delivered(int sender, long seq, Tally tally) {
        if (furthestAtDrainEnd != null && !settled && seq >= furthestAtDrainEnd[sender]) {
            tally.lateHeldBack++;
        }
    }

    /**
     * Settles the counts: what came while waiting was late, what never came is lost (a message
     * skipped over was counted as lost when a later one came).
     */
    void settle(Traffic traffic, Tally tally) {
        tally.lost += traffic.unreceived();
        if (furthestAtDrainEnd != null) {
            tally.late = tally.delivered - deliveredAtDrainEnd;
        }
        settled = true;
    }

    boolean settled() {
        return settled;
    }
}
