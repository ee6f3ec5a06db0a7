package reactorchat.reactor;

/**
 * The rules an output queue must keep, as Redis's client output buffer limits: a hard limit; a
 * soft limit a queue may stay above only for a grace time; and the server's client memory
 * budget, past which a queue holding more than an equal share goes first. The rules are one
 * predicate; the connection that breaks one closes itself as a slow consumer.
 */
final class OutputLimits {
    private OutputLimits() {
    }

    /**
     * Why a queue that costs {@code queued} once {@code adding} more is charged to the budget
     * makes its connection a slow consumer at once, or null if it does not.
     */
    static String broken(Limits limits, long queued, long adding, Connections connections) {
        long hard = limits.maxOutboundBytes();
        if (hard != Limits.UNLIMITED && queued > hard) {
            return "output queue over " + hard + " bytes";
        }
        ClientMemory memory = connections.memory();
        if (!memory.fits(adding)) {
            long share = memory.limit() / Math.max(1, connections.outputHolders());
            if (queued > share) {
                return "output queue over its share (" + share + " bytes) of the server's output budget";
            }
        }
        return null;
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
