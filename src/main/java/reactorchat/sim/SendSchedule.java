package reactorchat.sim;

import java.util.List;

/**
 * The open-loop send plan: sender k of the run's S sends message i at
 * {@code start + (i + k/S) * period}, whatever the server does; a loop's schedule sends for its
 * own senders only. If the loop fell behind, the overdue messages go out at once, still
 * stamped with their intended times, so a stall shows up as latency instead of being absorbed by
 * a slower send rate.
 *
 * <p>A Selector sleeps in whole milliseconds, so waiting for the exact time would mean spinning.
 * Instead a message may go out up to {@link #EARLY_NANOS} before its time; it is then stamped
 * with the actual send time, so being early never makes latency look smaller.
 */
final class SendSchedule {
    static final long EARLY_NANOS = 1_000_000;

    private final SimClient[] senders;
    /** The run's number of this schedule's first sender. */
    private final int firstSender;
    private final long[] seq;
    private final long[] due;
    private final long periodNanos;
    private final long startNanos;
    private final long endNanos;
    private final byte[] scratch;
    private final int prefixLength;
    private final byte[] terminator;
    private final int size;

    /**
     * @param firstSender   the run's number of the first of {@code senders}: the run's --senders are
     *                      numbered across its loops
     * @param runStartNanos the time payload stamps are relative to
     * @param startNanos    when the first message is due
     * @param endNanos      no message is due at or after this
     */
    SendSchedule(List<SimClient> senders, int firstSender, SimOptions options, long runStartNanos, long startNanos,
                 long endNanos) {
        this.senders = senders.toArray(new SimClient[0]);
        this.firstSender = firstSender;
        this.seq = new long[this.senders.length];
        this.due = new long[this.senders.length];
        this.periodNanos = Math.max(1, Math.round(1e9 / options.rate()));
        this.startNanos = runStartNanos;
        this.endNanos = endNanos;
        for (int k = 0; k < due.length; k++) {
            due[k] = startNanos + periodNanos * (firstSender + k) / options.senders();
        }
        this.scratch = new byte[options.size() + 600];
        this.prefixLength = options.dialect().messagePrefix(scratch, options.room());
        this.terminator = options.dialect().terminator();
        this.size = options.size();
    }

    /** Sends every message due by {@code now} (or within {@link #EARLY_NANOS} of it). */
    void sendDue(long now, long measureFromNanos, Tally tally) {
        for (int k = 0; k < senders.length; k++) {
            while (due[k] <= now + EARLY_NANOS && due[k] < endNanos) {
                long stamp = Math.min(due[k], now); // early: the actual time; late: the intended one
                send(k, stamp, stamp >= measureFromNanos, tally);
                due[k] += periodNanos;
            }
        }
    }

    /** When the loop must next be awake to send, or {@link Long#MAX_VALUE} once the plan is done. */
    long nextWake() {
        long next = Long.MAX_VALUE;
        for (long d : due) {
            if (d < endNanos) {
                next = Math.min(next, d - EARLY_NANOS);
            }
        }
        return next;
    }

    /** Messages each sender has sent so far, which is also the next sequence number of each. */
    long[] sentPerSender() {
        return seq;
    }

    private void send(int k, long stampNanos, boolean measured, Tally tally) {
        SimClient sender = senders[k];
        if (sender.state() != SimClient.State.JOINED) {
            return; // a sender that was cut off sends nothing more; its disconnect is counted
        }
        int end = Payload.write(scratch, prefixLength, firstSender + k, seq[k], stampNanos - startNanos, size);
        System.arraycopy(terminator, 0, scratch, end, terminator.length);
        sender.trySend(scratch, 0, end + terminator.length);
        seq[k]++;
        tally.sent++;
        if (measured) {
            tally.sentMeasured++;
        }
    }
}
