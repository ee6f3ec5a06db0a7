package reactorchat.sim;

import java.util.List;

/**
 * Clients that write {@link SoakOptions#FLOOD_LINES} room messages at once, every
 * {@link SoakOptions#FLOOD_EVERY_NANOS}, each {@link #STAGGER_NANOS} after the one before: far
 * above any flood rate for a moment, within it on average, so the server's flood control delays them but their backlog stays bounded. Their
 * payloads carry sender numbers after the scheduled senders', so every chatter checks that each
 * line arrives, once and in order; latency is not measured for them, only how late they came.
 */
final class Flooders {
    static final long STAGGER_NANOS = 3_000_000_000L;

    private final SimClient[] clients;
    private final int firstSender;
    private final long[] seq;
    private final long[] due;
    private final long runStartNanos;
    private final long endNanos;
    private final byte[] scratch;
    private final int prefixLength;
    private final byte[] terminator;
    private final int size;

    /**
     * @param firstSender the sender number of the first flooder
     * @param startNanos  when the first burst is due
     * @param endNanos    no burst starts at or after this
     */
    Flooders(List<SimClient> clients, int firstSender, SimOptions options, long runStartNanos, long startNanos,
             long endNanos) {
        this.clients = clients.toArray(new SimClient[0]);
        this.firstSender = firstSender;
        this.seq = new long[this.clients.length];
        this.due = new long[this.clients.length];
        for (int f = 0; f < due.length; f++) {
            due[f] = startNanos + STAGGER_NANOS * f;
        }
        this.runStartNanos = runStartNanos;
        this.endNanos = endNanos;
        this.scratch = new byte[options.size() + 600];
        this.prefixLength = options.dialect().messagePrefix(scratch, options.room());
        this.terminator = options.dialect().terminator();
        this.size = options.size();
    }

    void sendDue(long now, Tally tally) {
        for (int f = 0; f < clients.length; f++) {
            if (due[f] <= now && due[f] < endNanos) {
                burst(f, now, tally);
                while (due[f] <= now) {
                    due[f] += SoakOptions.FLOOD_EVERY_NANOS; // a late loop skips bursts rather than doubling one
                }
            }
        }
    }

    long nextWake() {
        long next = Long.MAX_VALUE;
        for (long d : due) {
            if (d < endNanos) {
                next = Math.min(next, d);
            }
        }
        return next;
    }

    /** Lines each flooder has sent, which is also the next sequence number of each. */
    long[] sentPerFlooder() {
        return seq;
    }

    private void burst(int f, long now, Tally tally) {
        SimClient client = clients[f];
        if (client.state() != SimClient.State.JOINED) {
            return; // a flooder that was cut off sends nothing more; its disconnect is counted
        }
        for (int i = 0; i < SoakOptions.FLOOD_LINES; i++) {
            int end = Payload.write(scratch, prefixLength, firstSender + f, seq[f], now - runStartNanos, size);
            System.arraycopy(terminator, 0, scratch, end, terminator.length);
            client.trySend(scratch, 0, end + terminator.length);
            seq[f]++;
            tally.floodSent++;
        }
    }
}
