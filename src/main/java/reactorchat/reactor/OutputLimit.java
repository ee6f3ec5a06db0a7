package reactorchat.reactor;

import java.util.concurrent.TimeUnit;

/**
 * The rules a connection's output queue must keep, as Redis's client output buffer limits: a
 * hard limit; a soft limit a queue may stay above only for a grace time; and the server's
 * budget, past which a queue holding more than an equal share goes first. One predicate says
 * which rule a queue breaks; the connection closes itself as a slow consumer when it does.
 */
final class OutputLimit {
    private final Connection connection;
    private final Limits limits;
    /** Running while the queue is over the soft limit; cuts the connection when the grace time is up. */
    private Timer softLimitCheck;

    OutputLimit(Connection connection, Limits limits) {
        this.connection = connection;
        this.limits = limits;
    }

    /**
     * Why a queue that costs {@code queued} after adding {@code adding} makes its connection a
     * slow consumer, or null if it does not. Going over the soft limit starts its grace time, and
     * a timer, not the next output, ends it: a reader that stopped when its room went quiet gets
     * no next output.
     */
    String broken(long queued, long adding, Connections connections) {
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
        long soft = limits.softOutboundBytes();
        if (soft != Limits.UNLIMITED && queued > soft && softLimitCheck == null) {
            softLimitCheck = connections.loop().schedule(TimeUnit.SECONDS.toMillis(limits.softOutboundSeconds()),
                    this::softLimitTimeUp);
        }
        return null;
    }

    /** The queue was written down to {@code queued}: below the soft limit its grace time ends. */
    void drained(long queued) {
        if (queued <= limits.softOutboundBytes()) {
            cancel();
        }
    }

    void cancel() {
        if (softLimitCheck != null) {
            softLimitCheck.cancel();
            softLimitCheck = null;
        }
    }

    private void softLimitTimeUp() {
        softLimitCheck = null;
        if (connection.isOpen()) {
            connection.cutSlowConsumer("output queue over " + limits.softOutboundBytes() + " bytes for "
                    + limits.softOutboundSeconds() + " s");
        }
    }
}
