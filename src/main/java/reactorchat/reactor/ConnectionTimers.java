package reactorchat.reactor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A connection's own timers, made when it first needs one and cancelled together when it starts
 * to close: the idle check, and those its dialect asked for (IRC's pings), which run only while
 * the connection is open.
 */
public final class ConnectionTimers {
    private final Connection connection;
    private final List<Timer> dialectTimers = new ArrayList<>(2);
    private long idleNanos;
    private long lastHeardNanos;
    private Timer idleCheck;

    ConnectionTimers(Connection connection) {
        this.connection = connection;
    }

    /** Tells the handler when no byte has come from the peer for {@code seconds}. */
    void startIdleCheck(int seconds) {
        idleNanos = TimeUnit.SECONDS.toNanos(seconds);
        heard();
        idleCheck = connection.loop().schedule(TimeUnit.SECONDS.toMillis(seconds), this::checkIdle);
    }

    /**
     * A read only stamps the time: rescheduling on every read would churn the timer queue, and a
     * check that finds the connection was heard from since simply waits for the rest.
     */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    private void checkIdle() {
        long quietNanos = System.nanoTime() - lastHeardNanos;
        if (quietNanos < idleNanos) {
            idleCheck = connection.loop().schedule(TimeUnit.NANOSECONDS.toMillis(idleNanos - quietNanos) + 1,
                    this::checkIdle);
        } else if (connection.isOpen()) {
            connection.connections().serve(connection, connection::idle);
        }
    }

    /**
     * Runs {@code task} after {@code delayMillis} if the connection is still open then, so that a
     * dialect's timers (IRC's pings) need no bookkeeping at close; what it throws closes the connection.
     */
    public Timer schedule(long delayMillis, Runnable task) {
        Timer timer = connection.loop().schedule(delayMillis, () -> {
            if (connection.isOpen()) {
                connection.connections().serve(connection, task);
            }
        });
        dialectTimers.removeIf(Timer::isCancelled); // those that ran
        dialectTimers.add(timer);
        return timer;
    }

    void cancelAll() {
        if (idleCheck != null) {
            idleCheck.cancel();
        }
        dialectTimers.forEach(Timer::cancel);
        dialectTimers.clear();
    }
}
