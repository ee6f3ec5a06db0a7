package reactorchat.sim;

import java.util.Arrays;
import java.util.List;

/**
 * The messages of a run once its setup is over: the scheduled senders and any flooders, both
 * numbered as one list of senders (scheduled first), and what the receivers have still not had
 * from them.
 */
final class Traffic {
    private final SendSchedule schedule;
    /** Null without flooders. */
    private final Flooders flooders;
    private final List<SimClient> receivers;

    /**
     * Makes the first {@code scheduled} receivers the scheduled senders and tells every receiver
     * to expect them and the flooders.
     */
    Traffic(List<SimClient> receivers, int scheduled, List<SimClient> flooderClients, SimOptions options,
            long startNanos, long sendFromNanos, long sendUntilNanos) {
        this.receivers = receivers;
        for (SimClient receiver : receivers) {
            receiver.inbox().expect(scheduled + flooderClients.size());
        }
        List<SimClient> senders = receivers.subList(0, scheduled);
        for (int k = 0; k < senders.size(); k++) {
            senders.get(k).inbox().sendAs(k);
        }
        schedule = new SendSchedule(senders, options, startNanos, sendFromNanos, sendUntilNanos);
        flooders = flooderClients.isEmpty() ? null
                : new Flooders(flooderClients, scheduled, options, startNanos, sendFromNanos, sendUntilNanos);
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

    boolean isFlooder(int sender) {
        return flooders != null && flooders.isFlooder(sender);
    }

    /** Whether every receiver has had everything sent so far. */
    boolean nothingOutstanding() {
        long[] sent = sentPerSender();
        for (SimClient receiver : receivers) {
            if (receiver.inbox().unreceived(sent) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Deliveries not had yet: per receiver, what each sender sent after the last it had from it. */
    long unreceived() {
        long[] sent = sentPerSender();
        long lost = 0;
        for (SimClient receiver : receivers) {
            lost += receiver.inbox().unreceived(sent);
        }
        return lost;
    }

    /**
     * Messages sent that no receiver had had, given {@link #furthestReceived}: the server had not
     * relayed them at all, which is what flood control does to a sender faster than it allows.
     * One the server had relayed would have reached most receivers.
     */
    long relayedToNobody(long[] furthest) {
        long[] sent = sentPerSender();
        long held = 0;
        for (int k = 0; k < sent.length; k++) {
            held += Math.max(0, sent[k] - furthest[k]);
        }
        return held;
    }

    /** Per sender, how many of its messages the receiver furthest along has had. */
    long[] furthestReceived() {
        long[] furthest = new long[sentPerSender().length];
        for (int k = 0; k < furthest.length; k++) {
            for (SimClient receiver : receivers) {
                furthest[k] = Math.max(furthest[k], receiver.inbox().receivedFrom(k));
            }
        }
        return furthest;
    }

    /** Messages each sender has sent: the scheduled senders', then the flooders'. */
    private long[] sentPerSender() {
        long[] scheduled = schedule.sentPerSender();
        if (flooders == null) {
            return scheduled;
        }
        long[] flooded = flooders.sentPerFlooder();
        long[] all = Arrays.copyOf(scheduled, scheduled.length + flooded.length);
        System.arraycopy(flooded, 0, all, scheduled.length, flooded.length);
        return all;
    }
}
