package reactorchat.reactor;

import java.util.concurrent.TimeUnit;

/**
 * Tells a connection's handler when no byte has come from its peer for the idle time-out. A read
 * only stamps the time: rescheduling on every read would churn the timer queue, and a check that
 * finds the connection was heard from since simply waits for the rest.
 */
final class IdleCheck {
    private final EventLoop loop;
    private final long idleNanos;
    private final Runnable onIdle;
    private long lastHeardNanos = System.nanoTime();
    private Timer timer;

    IdleCheck(EventLoop loop, int idleSeconds, Runnable onIdle) {
        this.loop = loop;
        this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        this.onIdle = onIdle;
        this.timer = loop.schedule(TimeUnit.NANOSECONDS.toMillis(idleNanos), this::check);
    }

    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    void cancel() {
        timer.cancel();
    }

    private void check() {
        long quietNanos = System.nanoTime() - lastHeardNanos;
        if (quietNanos >= idleNanos) {
            onIdle.run();
        } else {
            timer = loop.schedule(TimeUnit.NANOSECONDS.toMillis(idleNanos - quietNanos) + 1, this::check);
        }
    }
}
