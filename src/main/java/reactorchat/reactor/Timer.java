package reactorchat.reactor;

/** A task scheduled on the loop; cancelling it is cheap and idempotent. */
public final class Timer implements Comparable<Timer> {
    final long dueNanos;
    private final long sequence;
    private Runnable task;

    Timer(long dueNanos, long sequence, Runnable task) {
        this.dueNanos = dueNanos;
        this.sequence = sequence;
        this.task = task;
    }

    /**
     * Stops the task from running; a timer already run or cancelled is left as it is. The task is
     * let go at once: a cancelled timer waits in the queue until its time comes, and must not keep
     * what its task refers to (a closed connection's session, say) alive until then.
     */
    public void cancel() {
        task = null;
    }

    boolean isCancelled() {
        return task == null;
    }

    /** The task, once: the timer counts as done from then on. */
    Runnable take() {
        Runnable taken = task;
        task = null;
        return taken;
    }

    @Override
    public int compareTo(Timer other) {
        int byTime = Long.compare(dueNanos - other.dueNanos, 0);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
}
