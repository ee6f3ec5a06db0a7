package reactorchat.reactor;

import java.util.concurrent.TimeUnit;

/**
 * How long a connection's new output may wait for more before it is written (--flush-window).
 * While the loop is mostly idle, not at all: a lone line goes out at once. As the loop gets busy
 * the wait grows, up to the configured most once the loop works 95% of the time, so that one
 * write carries several lines to a reader. At high rates the write per reader per line is where
 * the time goes, and the kernel's own batching (Nagle) is off so that a lone line is not held.
 */
final class FlushWindow {
    /** How much of the loop's recent time the busy share is taken over. */
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Below this share of its time working the loop writes at once. */
    private static final double IDLE = 0.8;
    /** From this share on the window is the most allowed. */
    private static final double BUSY = 0.95;

    private long mostNanos;
    private long workNanos;
    private long wallNanos;
    private long windowNanos;

    /** The longest a writer may wait, 0 to write every pass's output at once. */
    void setMost(long millis) {
        mostNanos = TimeUnit.MILLISECONDS.toNanos(millis);
        windowNanos = Math.min(windowNanos, mostNanos);
    }

    /** One pass: {@code waitNanos} in select, then {@code workNanos} of work. */
    void passed(long waitNanos, long workNanos) {
        this.workNanos += workNanos;
        wallNanos += waitNanos + workNanos;
        if (wallNanos >= PERIOD_NANOS) {
            double busy = (double) this.workNanos / wallNanos;
            double share = Math.max(0, Math.min(1, (busy - IDLE) / (BUSY - IDLE)));
            windowNanos = (long) (mostNanos * share);
            this.workNanos = 0;
            wallNanos = 0;
        }
    }

    /** How long new output may wait now. */
    long nanos() {
        return windowNanos;
    }
}
