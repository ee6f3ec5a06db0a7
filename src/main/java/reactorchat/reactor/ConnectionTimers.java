package reactorchat.reactor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A connection's timers that run its handler's code, cancelled together when it closes: the idle
 * check, and those its dialect asked for (IRC's pings). Each runs only while the connection is
 * open, and what it throws closes the connection.
 *
 * <p>A read only stamps the time for the idle check: rescheduling on every read would churn the
 * timer queue, and a check that finds the connection was heard from since waits for the rest.
 */
final class ConnectionTimers {
    private final Connection connection;
    private final Connections connections;
    private final List<Timer> dialect = new ArrayList<>(2);
    /** Zero without an idle time-out. */
    private long idleNanos;
    private Runnable onIdle;
    private long lastHeardNanos = System.nanoTime();
    private Timer idleCheck;

    ConnectionTimers(Connection connection, Connections connections) {
        this.connection = connection;
        this.connections = connections;
    }

    /** Runs {@code onIdle} once nothing has come from the peer for {@code idleSeconds}. */
    void watchIdle(int idleSeconds, Runnable onIdle) {
        this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        this.onIdle = onIdle;
        idleCheck = connections.loop().schedule(idleSeconds * 1000L, this::checkIdle);
    }

    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    private void checkIdle() {
        long quietNanos = System.nanoTime() - lastHeardNanos;
        if (quietNanos >= idleNanos) {
            whileOpen(onIdle).run();
        } else {
            idleCheck = connections.loop().schedule(TimeUnit.NANOSECONDS.toMillis(idleNanos - quietNanos) + 1, this::checkIdle);
        }
    }

    /** A dialect's timer: runs {@code task} after {@code delayMillis} if the connection is still open then. */
    Timer schedule(long delayMillis, Runnable task) {
        Timer timer = connections.loop().schedule(delayMillis, whileOpen(task));
        dialect.removeIf(Timer::isCancelled); // those that ran
        dialect.add(timer);
        return timer;
    }

    private Runnable whileOpen(Runnable task) {
        return () -> {
            if (connection.isOpen()) {
                connections.serve(connection, task);
            }
        };
    }

    void cancelAll() {
        if (idleCheck != null) {
            idleCheck.cancel();
        }
        dialect.forEach(Timer::cancel);
        dialect.clear();
    }
}
