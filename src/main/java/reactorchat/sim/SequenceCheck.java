package reactorchat.sim;

import java.util.HashSet;
import java.util.Set;

/**
 * What one chatter has had from each sender, checked against the senders' sequence numbers: a
 * gap counts as lost until the message turns up late (then it was reordered), and a number seen
 * before is a duplicate.
 */
final class SequenceCheck {
    /** Per sender, the next sequence number expected; null until sending starts. */
    private long[] nextSeq;
    /** Sequence numbers skipped over (sender in the high bits); a late arrival is reordered, not lost. */
    private Set<Long> missing;
    /** The chatter's own index among the senders, or -1 if it only receives. */
    private int senderIndex = -1;

    /** Starts checking sequences from {@code senders} senders, each from 0. */
    void expect(int senders) {
        nextSeq = new long[senders];
    }

    /** Makes the chatter sender {@code index}, which matters where a server does not echo to the sender. */
    void sendAs(int index) {
        senderIndex = index;
    }

    /** Whether a message from {@code sender} is one to check: sending has started and the sender is known. */
    boolean expects(int sender) {
        return nextSeq != null && sender < nextSeq.length;
    }

    /**
     * Checks message {@code seq} from {@code sender}, counting what it shows in {@code tally}.
     *
     * @return whether it is a delivery; a duplicate is not
     */
    boolean receive(int sender, long seq, Tally tally) {
        long expected = nextSeq[sender];
        if (seq == expected) {
            nextSeq[sender] = seq + 1;
        } else if (seq > expected) {
            skipped(sender, expected, seq, tally);
            nextSeq[sender] = seq + 1;
        } else if (missing != null && missing.remove(((long) sender << 40) | seq)) {
            tally.lost--;
            tally.reordered++;
        } else {
            tally.duplicated++;
            return false;
        }
        return true;
    }

    /**
     * Messages not had yet after the last one had from each sender (gaps before that are already
     * counted as lost); the chatter's own are left out unless the server echoes them.
     */
    long unreceived(long[] sentPerSender, boolean echoesSender) {
        if (nextSeq == null) {
            return 0;
        }
        long count = 0;
        for (int k = 0; k < nextSeq.length; k++) {
            if (k != senderIndex || echoesSender) {
                count += Math.max(0, sentPerSender[k] - nextSeq[k]);
            }
        }
        return count;
    }

    /** How many of {@code sender}'s messages this chatter has had up to its latest one. */
    long receivedFrom(int sender) {
        return nextSeq == null ? 0 : nextSeq[sender];
    }

    /** Counts {@code from..to-1} as lost for now; each is taken back if it turns up late. */
    private void skipped(int sender, long from, long to, Tally tally) {
        if (missing == null) {
            missing = new HashSet<>();
        }
        for (long s = from; s < to; s++) {
            missing.add(((long) sender << 40) | s);
        }
        tally.lost += to - from;
    }
}
