package reactorchat.sim;

import java.util.List;

/**
 * When a run's traffic starts and is measured, decided once every loop has set up its clients:
 * sending starts as the last loop ends its setup, so that no loop's receivers miss the first
 * messages of another's senders.
 *
 * @param receivers the receivers that joined, in every loop; none means the run is over
 */
record Plan(int receivers, long sendFromNanos, long measureFromNanos, long measureUntilNanos) {

    /** What a loop brings when its setup is over: how many of its receivers joined, and when it ended. */
    record Joined(int receivers, long nowNanos) {
    }

    static Plan of(List<Joined> loops, SimOptions options) {
        int receivers = 0;
        long sendFrom = Long.MIN_VALUE;
        for (Joined joined : loops) {
            receivers += joined.receivers();
            sendFrom = Math.max(sendFrom, joined.nowNanos());
        }
        long measureFrom = sendFrom + options.warmupNanos();
        return new Plan(receivers, sendFrom, measureFrom, measureFrom + options.durationNanos());
    }

    /** Whether a message meant to be sent at {@code intendedNanos} counts toward the measured window. */
    boolean measures(long intendedNanos) {
        return intendedNanos >= measureFromNanos && intendedNanos < measureUntilNanos;
    }
}
