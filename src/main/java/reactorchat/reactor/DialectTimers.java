package reactorchat.reactor;

import java.util.ArrayList;
import java.util.List;

/** The timers a connection's dialect asked for, cancelled together when the connection closes. */
final class DialectTimers {
    private final List<Timer> timers = new ArrayList<>(2);

    void add(Timer timer) {
        timers.removeIf(Timer::isCancelled); // those that ran
        timers.add(timer);
    }

    void cancelAll() {
        timers.forEach(Timer::cancel);
        timers.clear();
    }
}
