package reactorchat.protocol;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactorchat.codec.LineDecoder;
import reactorchat.reactor.Connection;
import reactorchat.reactor.FloodGate;

/**
 * A text dialect's input: lines decoded from a connection, each charged to the connection's flood
 * budget (--flood-rate). Past the budget, the line being handled is the last until the pause ends:
 * the decoder holds the rest of the read and the connection stops reading, so the sender is
 * slowed by TCP while nobody else waits.
 *
 * <p>The hard line (--flood-timeout): a connection whose lines have found the budget spent
 * without a break for that long is closed. Its waiting lines are in the kernel, uncounted, so
 * this is the age of its backlog, not its size: a client that keeps sending faster than the rate
 * and one that sent more at once than the rate lets through in that time look the same.
 */
public final class FloodControlledLines {
    /** Why a flooder quit, as others see it: the reason ircd-hybrid and InspIRCd give, which IRC clients know. */
    public static final String QUIT_REASON = "Excess Flood";

    private static final Logger log = LoggerFactory.getLogger(FloodControlledLines.class);

    private final Connection connection;
    private final LineDecoder decoder;
    private final LineDecoder.Sink sink;
    private final FloodGate flood;
    private final long timeoutNanos;
    /** True while the lines held from an earlier read are decoded, after a pause. */
    private boolean resuming;

    public FloodControlledLines(Connection connection, int maxLineBytes, LineDecoder.Sink sink) {
        this.connection = connection;
        this.decoder = new LineDecoder(maxLineBytes);
        this.sink = sink;
        this.flood = connection.limits().newFloodGate();
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(connection.limits().floodTimeoutSeconds());
    }

    /** Decodes bytes read from the connection; the sink hears each line. */
    public void decode(ByteBuffer in) {
        decoder.decode(in, sink);
    }

    /**
     * Counts one line against the budget; call it from the sink for each line, too long ones included.
     *
     * @return false if the connection has been over its budget for longer than --flood-timeout:
     *         the line is not to be handled, nothing more will be decoded, and the session must
     *         tell its client why and close
     */
    public boolean charge() {
        if (flood == null) {
            return true;
        }
        long now = System.nanoTime();
        long waitNanos = resuming ? flood.chargeWaiting(now) : flood.charge(now);
        if (waitNanos == 0) {
            return true;
        }
        decoder.pause();
        if (timeoutNanos > 0 && flood.overForNanos(now) >= timeoutNanos) {
            log.info("closing {}: over its flood budget for {} s", connection, TimeUnit.NANOSECONDS.toSeconds(timeoutNanos));
            return false;
        }
        connection.pauseReads(TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1, this::resume);
        return true;
    }

    private void resume() {
        resuming = true;
        decoder.resume(sink);
        resuming = false;
    }
}
