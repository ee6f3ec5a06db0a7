package reactorchat.protocol;

import java.nio.ByteBuffer;

import reactorchat.codec.LineDecoder;
import reactorchat.reactor.Connection;

/**
 * A text dialect's input: lines decoded from a connection, each charged to its {@link FloodBudget}.
 * Past the budget, the line being handled is the last until the pause ends: the decoder holds the
 * rest of the read and the connection stops reading, so the sender is slowed by TCP while nobody
 * else waits.
 */
public final class FloodControlledLines {
    private final Connection connection;
    private final LineDecoder decoder;
    private final LineDecoder.Sink sink;
    private final FloodBudget budget;

    public FloodControlledLines(Connection connection, int maxLineBytes, LineDecoder.Sink sink) {
        this.connection = connection;
        this.decoder = new LineDecoder(maxLineBytes);
        this.sink = sink;
        this.budget = new FloodBudget(connection);
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
        long pause = budget.charge();
        if (pause == 0) {
            return true;
        }
        decoder.pause();
        if (pause == FloodBudget.CUT) {
            return false;
        }
        connection.pauseReads(pause, () -> budget.resume(() -> decoder.resume(sink)));
        return true;
    }
}
