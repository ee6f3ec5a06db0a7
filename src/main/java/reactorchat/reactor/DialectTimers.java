package reactorchat.reactor;

import java.util.ArrayList;
import java.util.List;

/**
 * The timers a connection's dialect asked for: each runs only if the connection is still open
 * then, and all are cancelled together when it closes.
 */
final class DialectTimers {
    private final List<Timer> timers = new ArrayList<>(2);

    /** Runs {@code task} on behalf of {@code connection} after {@code delayMillis}, if it is still open. */
    Timer schedule(Connection connection, long delayMillis, Runnable task) {
        Timer timer = connection.loop().schedule(delayMillis, () -> {
            if (connection.isOpen()) {
                connection.connections().serve(connection, task);
            }
        });
        timers.removeIf(Timer::isCancelled); // those that ran
        timers.add(timer);
        return timer;
    }

    void cancelAll() {
        timers.forEach(Timer::cancel);
        timers.clear();
    }
}
