package reactorchat.sim;

import java.util.concurrent.TimeUnit;

/**
 * The end of a run's counting, from the last send. First the drain: what is still on its way has
 * {@link #LIMIT_NANOS} to come, checked every {@link #CHECK_NANOS}. If messages are still missing
 * then, it waits for them while they keep coming: what comes then is late, what never comes is
 * lost. Late deliveries of lines that no receiver had when the drain ended are the server's
 * pacing (flood control); the report says so. Once settled, nothing that arrives counts.
 */
final class Drain {
    /** How long after the last send deliveries still on their way may take to come. */
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The same with flooders: their last burst passes the server's flood control at its own pace. */
    static final long FLOOD_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** The longest the wait for late messages lasts. */
    static final long LATE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** The wait for late messages ends once none has come for this long: the rest are lost. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** How often the receivers are asked whether they have had everything. */
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Traffic traffic;
    private final Tally tally;
    private long deadlineNanos;
    private long nextCheckNanos;
    /** Per sender, the furthest any receiver had got when the drain ended; null while draining. */
    private long[] furthestAtDrainEnd;
    private long deliveredAtDrainEnd;
    private long deliveredBefore;
    private long lastArrivalNanos;
    private boolean settled;

    /** Starts the drain: the last message has been sent. */
    Drain(long now, boolean flooders, Traffic traffic, Tally tally) {
        this.traffic = traffic;
        this.tally = tally;
        this.deadlineNanos = now + (flooders ? FLOOD_LIMIT_NANOS : LIMIT_NANOS);
        this.nextCheckNanos = now;
    }

    /**
     * Whether the counts can be settled: every receiver has had everything, or the wait for late
     * messages is over. Asks only when a check is due; at the drain's deadline the wait begins.
     */
    boolean isOver(long now) {
        if (!late() && now >= deadlineNanos) {
            startLateWait(now);
            return false;
        }
        if (now < nextCheckNanos) {
            return false;
        }
        nextCheckNanos = now + CHECK_NANOS;
        return late() ? lateWaitOver(now) : traffic.nothingOutstanding();
    }

    /** Whether the drain is over and messages still missing are waited for as late. */
    boolean late() {
        return furthestAtDrainEnd != null;
    }

    long nextWake() {
        return Math.min(deadlineNanos, nextCheckNanos);
    }

    /** Message {@code seq} from {@code sender} was delivered; counted if it is a held-back line come late. */
    void delivered(int sender, long seq) {
        if (late() && !settled && seq >= furthestAtDrainEnd[sender]) {
            tally.lateHeldBack++;
        }
    }

    /**
     * Settles the counts: what came while waiting was late, what never came is lost (a message
     * skipped over was counted as lost when a later one came).
     */
    void settle() {
        tally.lost += traffic.unreceived();
        if (late()) {
            tally.late = tally.delivered - deliveredAtDrainEnd;
        }
        settled = true;
    }

    boolean settled() {
        return settled;
    }

    private void startLateWait(long now) {
        furthestAtDrainEnd = traffic.furthestReceived();
        tally.heldBack = traffic.relayedToNobody(furthestAtDrainEnd);
        deliveredAtDrainEnd = tally.delivered;
        deliveredBefore = tally.delivered;
        lastArrivalNanos = now;
        deadlineNanos = now + LATE_LIMIT_NANOS;
    }

    /** Everything came, nothing has come for a while, or time is up. */
    private boolean lateWaitOver(long now) {
        if (tally.delivered > deliveredBefore) {
            deliveredBefore = tally.delivered;
            lastArrivalNanos = now;
        }
        return traffic.nothingOutstanding() || now - lastArrivalNanos >= STALL_NANOS || now >= deadlineNanos;
    }
}
