package reactorchat.protocol;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket for one connection's messages, kept as the time at which its budget would be
 * whole again (the generic cell rate algorithm): one long, no refill timer.
 *
 * <p>It also tells how long the connection has been over its budget without a break. A paused
 * connection's unread lines wait in the kernel, where the gate cannot count them; what it sees is
 * that each line, when read, empties the budget again. So "over" starts with the first line that
 * makes the next one wait, and ends with the first line that comes at least one line's time later
 * than a paused reader would have read it: the sender has fallen behind the rate, if only once. A
 * line that was already waiting when a pause ended (held from an earlier read) cannot show that,
 * however late the loop got to it.
 */
public final class FloodGate {
    /**
     * How late a line must come to end a spell over the budget, at least. A paused connection is
     * read when a loop timer fires, to the millisecond and a little late, so a flooder's next line
     * comes that late without the sender having slowed down.
     */
    private static final long TIMER_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final long intervalNanos;
    private final long toleranceNanos;
    /** How late a line must come to end a spell: one line's time or the timer slack, at most the whole budget. */
    private final long lateNanos;
    private long fullAt;
    private boolean over;
    private long overSince;

    /**
     * @param perSecond messages allowed per second, sustained
     * @param burst     messages a connection may get ahead of the rate. After a quiet spell, burst + 1
     *                  go at once: the one that spends the budget goes too, and the wait comes after
     *                  it, which is what lets a burst of 1 tell a sender at the rate from a flooder
     */
    public FloodGate(int perSecond, int burst) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.toleranceNanos = intervalNanos * burst;
        this.lateNanos = Math.min(Math.max(intervalNanos, TIMER_SLACK_NANOS), toleranceNanos);
    }

    /** Counts one message; returns how long to wait before reading the next one, 0 if no wait. */
    public long charge(long nowNanos) {
        return charge(nowNanos, false);
    }

    /** Counts one message that was already waiting when a pause ended; returns as {@link #charge(long)}. */
    public long chargeWaiting(long nowNanos) {
        return charge(nowNanos, true);
    }

    private long charge(long nowNanos, boolean waiting) {
        long owed = Math.max(fullAt - nowNanos, 0);
        if (!waiting && owed + lateNanos <= toleranceNanos) {
            over = false; // a paused reader resumes at owed == tolerance; this one came later
        }
        fullAt = owed + nowNanos + intervalNanos;
        long wait = fullAt - nowNanos - toleranceNanos;
        if (wait > 0 && !over) {
            over = true;
            overSince = nowNanos;
        }
        return Math.max(wait, 0);
    }

    /** How long every message has kept the budget spent, up to {@code nowNanos}; 0 if not over now. */
    public long overForNanos(long nowNanos) {
        return over ? nowNanos - overSince : 0;
    }
}
