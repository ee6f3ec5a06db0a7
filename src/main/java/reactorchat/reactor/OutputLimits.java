package reactorchat.reactor;

import java.nio.ByteBuffer;

/**
 * The rules an output queue must keep, as Redis's client output buffer limits: a hard limit; a
 * soft limit a queue may stay above only for a grace time; and the server's client memory
 * budget, past which the connections holding more than an equal share of it go first. The rules
 * are one predicate; the connection that breaks one closes itself as a slow consumer.
 */
final class OutputLimits {
    private OutputLimits() {
    }

    /**
     * Why a queue that costs {@code queued} with {@code bytes} added makes its connection a slow
     * consumer at once, or null if it does not; if {@code bytes} do not fit the budget, room is
     * made first.
     */
    static String broken(Limits limits, long queued, ByteBuffer bytes, Connections connections) {
        long hard = limits.maxOutboundBytes();
        if (hard != Limits.UNLIMITED && queued > hard) {
            return "output queue over " + hard + " bytes";
        }
        ClientMemory memory = connections.memory();
        if (!memory.fits(ClientMemory.cost(bytes) + OutboundBuffer.ENTRY_OVERHEAD)) {
            // Only when the budget is tight is it worth asking whether other queues hold these
            // bytes already: that costs a lookup, and queuing costs another.
            long adding = memory.costToQueue(bytes);
            if (!memory.fits(adding)) {
                // Output is not refused to a reader: room is made by cutting whoever holds more
                // than a fair part of the budget, this connection too if it does. If nobody does,
                // the total goes over for now, bounded by every queue's own limits.
                memory.makeRoom(adding);
            }
        }
        return null;
    }

    static String overShare(long share) {
        return "output queue over its share (" + share + " bytes) of the server's output budget";
    }

    /**
     * Whether a queue that costs {@code queued} is over the soft limit. Going over starts its
     * grace time, and a timer, not the next output, ends it: a reader that stopped when its room
     * went quiet gets no next output.
     */
    static boolean overSoft(Limits limits, long queued) {
        return limits.softOutboundBytes() != Limits.UNLIMITED && queued > limits.softOutboundBytes();
    }

    /** Why a queue that stayed over the soft limit for its whole grace time is cut. */
    static String softTimeUp(Limits limits) {
        return "output queue over " + limits.softOutboundBytes() + " bytes for " + limits.softOutboundSeconds() + " s";
    }
}
