package reactorchat.protocol;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import reactorchat.codec.LineDecoder;
import reactorchat.reactor.Connection;
import reactorchat.reactor.FloodGate;

/**
 * A text dialect's input: lines decoded from a connection, each charged to the connection's flood
 * budget (--flood-rate). Past the budget, the line being handled is the last until the pause ends:
 * the decoder holds the rest of the read and the connection stops reading, so the sender is
 * slowed by TCP while nobody else waits.
 */
public final class FloodControlledLines {
    private final Connection connection;
    private final LineDecoder decoder;
    private final LineDecoder.Sink sink;
    private final FloodGate flood;

    public FloodControlledLines(Connection connection, int maxLineBytes, LineDecoder.Sink sink) {
        this.connection = connection;
        this.decoder = new LineDecoder(maxLineBytes);
        this.sink = sink;
        this.flood = connection.limits().newFloodGate();
    }

    /** Decodes bytes read from the connection; the sink hears each line. */
    public void decode(ByteBuffer in) {
        decoder.decode(in, sink);
    }

    /** Counts one line against the budget; call it from the sink for each line, too long ones included. */
    public void charge() {
        if (flood == null) {
            return;
        }
        long waitNanos = flood.charge(System.nanoTime());
        if (waitNanos > 0) {
            decoder.pause();
            connection.pauseReads(TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1, () -> decoder.resume(sink));
        }
    }
}
