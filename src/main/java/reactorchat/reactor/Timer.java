package reactorchat.reactor;

/** A task scheduled on the loop; cancelling it is cheap and idempotent. */
public final class Timer implements Comparable<Timer> {
    final long dueNanos;
    private final long sequence;
    final Runnable task;
    private boolean cancelled;

    Timer(long dueNanos, long sequence, Runnable task) {
        this.dueNanos = dueNanos;
        this.sequence = sequence;
        this.task = task;
    }

    /** Stops the task from running; a timer already run or cancelled is left as it is. */
    public void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled;
    }

    @Override
    public int compareTo(Timer other) {
        int byTime = Long.compare(dueNanos - other.dueNanos, 0);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
}
