package reactorchat.sim;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The end of a run's counting, from the last send. First the drain: what is still on its way has
 * {@link #LIMIT_NANOS} to come, checked every {@link #CHECK_NANOS}. If messages are still missing
 * then, it waits for them while they keep coming: what comes then is late, what never comes is
 * lost. Late deliveries of lines that no receiver had when the drain ended are the server's
 * pacing (flood control); the report says so. Once settled, nothing that arrives counts.
 *
 * <p>On several threads, a loop's receivers hear every loop's senders: the loops meet once all
 * have sent their last (to learn what each sender sent) and once each has had everything or
 * reached the drain's deadline (to learn whether any loop is missing something, and the furthest
 * any receiver had got); the wait for late lines is then each loop's own.
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
    private final int loop;
    private final Meeting<long[], long[]> sendsOver;
    private final Meeting<End, End> drained;
    private boolean arrived;
    private long deadlineNanos;
    private long nextCheckNanos;
    /** Per sender, the furthest any receiver had got when the drain ended; null while draining. */
    private long[] furthestAtDrainEnd;
    private long deliveredAtDrainEnd;
    private long deliveredBefore;
    private long lastArrivalNanos;
    private boolean settled;

    /**
     * What a loop brings to the drain's end, and what the loops decide there.
     *
     * @param done     whether its receivers had everything (decided: every loop's had)
     * @param furthest per sender, the furthest any of its receivers had got (decided: of every loop's)
     */
    record End(boolean done, long[] furthest) {
        static End of(List<End> loops) {
            boolean done = true;
            long[] furthest = new long[loops.get(0).furthest.length];
            for (End end : loops) {
                done &= end.done;
                for (int k = 0; k < furthest.length; k++) {
                    furthest[k] = Math.max(furthest[k], end.furthest[k]);
                }
            }
            return new End(done, furthest);
        }
    }

    /** Starts the drain: loop {@code loop} has sent its last message. */
    Drain(long now, boolean flooders, Traffic traffic, Tally tally, int loop, Meeting<long[], long[]> sendsOver,
          Meeting<End, End> drained) {
        this.traffic = traffic;
        this.tally = tally;
        this.loop = loop;
        this.sendsOver = sendsOver;
        this.drained = drained;
        this.deadlineNanos = now + (flooders ? FLOOD_LIMIT_NANOS : LIMIT_NANOS);
        this.nextCheckNanos = now;
        sendsOver.arrive(loop, traffic.sent());
    }

    /**
     * Whether the counts can be settled: every receiver has had everything, or the wait for late
     * messages is over. Asks only when a check is due; at the drain's deadline the wait begins.
     */
    boolean isOver(long now) {
        if (late()) {
            if (now < nextCheckNanos) {
                return false;
            }
            nextCheckNanos = now + CHECK_NANOS;
            return lateWaitOver(now);
        }
        long[] allSent = sendsOver.decision();
        if (!arrived && allSent != null) {
            traffic.allSent(allSent);
            if (now >= deadlineNanos) {
                arrive(false);
            } else if (now >= nextCheckNanos) {
                nextCheckNanos = now + CHECK_NANOS;
                if (traffic.nothingOutstanding()) {
                    arrive(true);
                }
            }
        }
        End end = drained.decision();
        if (end == null || end.done()) {
            return end != null;
        }
        startLateWait(now, end.furthest());
        return false;
    }

    /** Whether the drain is over and messages still missing are waited for as late. */
    boolean late() {
        return furthestAtDrainEnd != null;
    }

    long nextWake() {
        boolean waiting = !late() && (arrived || sendsOver.decision() == null);
        return waiting ? Long.MAX_VALUE : Math.min(deadlineNanos, nextCheckNanos); // the last to arrive wakes it
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

    private void arrive(boolean done) {
        arrived = true;
        drained.arrive(loop, new End(done, traffic.furthestReceived()));
    }

    private void startLateWait(long now, long[] furthest) {
        furthestAtDrainEnd = furthest;
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
