package reactorchat.protocol;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactorchat.reactor.Connection;

/**
 * One connection's flood budget (--flood-rate, --flood-burst) and its hard line (--flood-timeout),
 * for a dialect's input whichever its framing: each message decoded is charged, and the answer
 * says whether to go on, pause reading for a while, or give up on the connection.
 *
 * <p>The waiting messages of a paused connection are in the kernel, uncounted, so the hard line is
 * the age of its backlog, not its size: a client that keeps sending faster than the rate and one
 * that sent more at once than the rate lets through in that time look the same.
 */
public final class FloodBudget {
    /** What {@link #charge} returns past the hard line. */
    public static final long CUT = -1;
    /** Why a flooder quit, as others see it: the reason ircd-hybrid and InspIRCd give, which IRC clients know. */
    public static final String QUIT_REASON = "Excess Flood";

    private static final Logger log = LoggerFactory.getLogger(FloodBudget.class);

    private final Connection connection;
    private final FloodGate gate;
    private final long timeoutNanos;
    /** True while messages held from an earlier read are decoded, after a pause. */
    private boolean resuming;

    public FloodBudget(Connection connection, InputLimits limits) {
        this.connection = connection;
        this.gate = limits.newFloodGate();
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(limits.floodTimeoutSeconds());
    }

    /**
     * Counts one message that costs {@code units} lines ({@link CommandCost}): as many lines
     * arriving at once, so a costly command spends the budget as they would.
     *
     * @return 0 to handle it and go on; a positive number of milliseconds to handle it and then
     *         pause reading; {@link #CUT} if the connection has been over its budget for longer
     *         than --flood-timeout, so that the message is not to be handled and the session must
     *         say why and close (logged here)
     */
    public long charge(int units) {
        if (gate == null) {
            return 0;
        }
        long now = System.nanoTime();
        long waitNanos = 0;
        for (int unit = 0; unit < units; unit++) {
            waitNanos = resuming ? gate.chargeWaiting(now) : gate.charge(now);
        }
        if (waitNanos == 0) {
            return 0;
        }
        if (timeoutNanos > 0 && gate.overForNanos(now) >= timeoutNanos) {
            log.info("closing {}: over its flood budget for {} s", connection, TimeUnit.NANOSECONDS.toSeconds(timeoutNanos));
            connection.reads().countFloodCut();
            return CUT;
        }
        return TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1;
    }

    /**
     * Runs {@code decodeHeld}, which hands on the messages a pause held back, charging them as
     * waiting ones: however late the loop gets to them, they cannot end a flood spell.
     */
    public void resume(Runnable decodeHeld) {
        resuming = true;
        try {
            decodeHeld.run();
        } finally {
            resuming = false;
        }
    }
}
