package reactorchat.sim;

import java.util.List;

/**
 * One loop's messages once the run's setup is over: its scheduled senders and any flooders, and
 * what its receivers have still not had from any of the run's senders. Senders are numbered
 * across the loops: every loop's scheduled senders in the slots of its share, then the flooders.
 */
final class Traffic {
    private final SendSchedule schedule;
    /** Null without flooders. */
    private final Flooders flooders;
    private final List<SimClient> receivers;
    private final int firstSender;
    /** Slots in the run's numbering: every loop's scheduled senders, then the flooders. */
    private final int slots;
    /** What each of the run's senders sent, once sending is over in every loop; null until then. */
    private long[] allSent;

    /**
     * Numbers this loop's senders and tells its receivers what to expect, before any loop sends:
     * the first {@code senders} receivers send as the run's {@code firstSender} onwards, and every
     * receiver expects all {@code scheduled} scheduled senders of the run and the flooders after them.
     */
    static void expect(List<SimClient> receivers, int senders, int firstSender, int scheduled, int flooders) {
        for (SimClient receiver : receivers) {
            receiver.inbox().expect(scheduled + flooders);
        }
        for (int k = 0; k < senders; k++) {
            receivers.get(k).inbox().sendAs(firstSender + k);
        }
    }

    /** Sends as {@link #expect} numbered: the first {@code senders} receivers on the schedule, then the flooders. */
    Traffic(List<SimClient> receivers, int senders, int firstSender, List<SimClient> flooderClients, Plan plan,
            SimOptions options, long startNanos) {
        this.receivers = receivers;
        this.firstSender = firstSender;
        this.slots = options.senders() + flooderClients.size();
        schedule = new SendSchedule(receivers.subList(0, senders), firstSender, options, startNanos,
                plan.sendFromNanos(), plan.measureUntilNanos());
        flooders = flooderClients.isEmpty() ? null : new Flooders(flooderClients, options.senders(), options,
                startNanos, plan.sendFromNanos(), plan.measureUntilNanos());
    }

    /** Every sender's count, from what each loop's {@link #sent} was at its last send. */
    static long[] allSent(List<long[]> loops) {
        long[] all = new long[loops.get(0).length];
        for (long[] sent : loops) {
            for (int k = 0; k < all.length; k++) {
                all[k] += sent[k];
            }
        }
        return all;
    }

    /** Once sending is over in every loop: what each of the run's senders sent. */
    void allSent(long[] sent) {
        allSent = sent;
    }

    void sendDue(long now, long measureFromNanos, Tally tally) {
        schedule.sendDue(now, measureFromNanos, tally);
        if (flooders != null) {
            flooders.sendDue(now, tally);
        }
    }

    long nextWake() {
        return flooders == null ? schedule.nextWake() : Math.min(schedule.nextWake(), flooders.nextWake());
    }

    /** Whether every receiver has had everything sent. */
    boolean nothingOutstanding() {
        for (SimClient receiver : receivers) {
            if (receiver.inbox().unreceived(allSent) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Deliveries not had yet: per receiver, what each sender sent after the last it had from it. */
    long unreceived() {
        long lost = 0;
        for (SimClient receiver : receivers) {
            lost += receiver.inbox().unreceived(allSent);
        }
        return lost;
    }

    /**
     * Messages sent that no receiver had had, given {@link #furthestReceived}: the server had not
     * relayed them at all, which is what flood control does to a sender faster than it allows.
     * One the server had relayed would have reached most receivers.
     */
    long relayedToNobody(long[] furthest) {
        long held = 0;
        for (int k = 0; k < allSent.length; k++) {
            held += Math.max(0, allSent[k] - furthest[k]);
        }
        return held;
    }

    /** Per sender, how many of its messages this loop's receiver furthest along has had. */
    long[] furthestReceived() {
        long[] furthest = new long[allSent.length];
        for (int k = 0; k < furthest.length; k++) {
            for (SimClient receiver : receivers) {
                furthest[k] = Math.max(furthest[k], receiver.inbox().receivedFrom(k));
            }
        }
        return furthest;
    }

    /** Messages this loop's senders have sent, in the run's numbering; 0 in the slots of other loops' senders. */
    long[] sent() {
        long[] sent = new long[slots];
        long[] scheduled = schedule.sentPerSender();
        System.arraycopy(scheduled, 0, sent, firstSender, scheduled.length);
        if (flooders != null) {
            long[] flooded = flooders.sentPerFlooder();
            System.arraycopy(flooded, 0, sent, slots - flooded.length, flooded.length);
        }
        return sent;
    }
}
