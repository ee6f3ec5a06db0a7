package reactorchat.reactor;

import java.util.PriorityQueue;

/**
 * The loop's timer queue. Cancelled timers are dropped lazily when they reach the head, so a
 * cancel costs nothing and the queue never needs a search.
 */
final class Timers {
    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    private long sequence;

    Timer add(long dueNanos, Runnable task) {
        Timer timer = new Timer(dueNanos, sequence++, task);
        queue.add(timer);
        return timer;
    }

    /** Milliseconds until the nearest live timer, 0 if one is due, -1 if there is none. */
    long millisUntilNext(long nowNanos) {
        dropCancelledHead();
        Timer next = queue.peek();
        if (next == null) {
            return -1;
        }
        return millisUntil(next.dueNanos, nowNanos);
    }

    /** Milliseconds from {@code nowNanos} until {@code dueNanos}, 0 if due: rounded up, so the select never returns a hair early. */
    static long millisUntil(long dueNanos, long nowNanos) {
        long waitNanos = dueNanos - nowNanos;
        return waitNanos <= 0 ? 0 : (waitNanos + 999_999) / 1_000_000;
    }

    /**
     * Runs every timer due at {@code nowNanos}, and {@code afterEach} after each one; timers they
     * add for later wait for the next pass.
     */
    void runDue(long nowNanos, Runnable afterEach) {
        while (true) {
            dropCancelledHead();
            Timer next = queue.peek();
            if (next == null || next.dueNanos - nowNanos > 0) {
                return;
            }
            queue.poll();
            next.take().run();
            afterEach.run();
        }
    }

    private void dropCancelledHead() {
        while (!queue.isEmpty() && queue.peek().isCancelled()) {
            queue.poll();
        }
    }
}
