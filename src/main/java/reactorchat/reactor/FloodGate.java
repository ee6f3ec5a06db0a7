package reactorchat.reactor;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket for one connection's messages, kept as the time at which its budget would be
 * whole again (the generic cell rate algorithm): one long, no refill timer.
 */
public final class FloodGate {
    private final long intervalNanos;
    private final long toleranceNanos;
    private long fullAt;

    /**
     * @param perSecond messages allowed per second, sustained
     * @param burst     messages allowed at once after a quiet spell
     */
    public FloodGate(int perSecond, int burst) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.toleranceNanos = intervalNanos * burst;
    }

    /** Counts one message; returns how long to wait before reading the next one, 0 if no wait. */
    public long charge(long nowNanos) {
        fullAt = Math.max(fullAt - nowNanos, 0) + nowNanos + intervalNanos;
        long over = fullAt - nowNanos - toleranceNanos;
        return Math.max(over, 0);
    }
}
