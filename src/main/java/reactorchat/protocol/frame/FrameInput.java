package reactorchat.protocol.frame;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import reactorchat.codec.FrameDecoder;
import reactorchat.reactor.Connection;
import reactorchat.reactor.FloodGate;

/**
 * A frame connection's input, and the two things that stop it. Flood control: each chat frame is
 * charged to the connection's --flood-rate budget, and past it reading pauses for a while, as for
 * the text dialects. Back-pressure: while a receiver of this user's file is not keeping up,
 * reading is suspended until that receiver drains. File chunks are not charged: their pace is the
 * receiver's. Either way the decoder holds the rest of the read it was in, and reading starts
 * again only when neither holds it.
 */
final class FrameInput {
    private final Connection connection;
    private final FrameDecoder decoder;
    private final FrameDecoder.Sink sink;
    private final FloodGate flood;
    private boolean floodPaused;
    private boolean suspended;

    FrameInput(Connection connection, int maxFrameBytes, FrameDecoder.Sink sink) {
        this.connection = connection;
        this.decoder = new FrameDecoder(maxFrameBytes);
        this.sink = sink;
        this.flood = connection.limits().newFloodGate();
    }

    /** Decodes bytes read from the connection; the sink hears each frame. */
    void decode(ByteBuffer in) {
        decoder.decode(in, sink);
    }

    /** Counts one frame against the flood budget; call it from the sink for each frame but a relayed chunk. */
    void charge() {
        if (flood == null) {
            return;
        }
        long waitNanos = flood.charge(System.nanoTime());
        if (waitNanos > 0) {
            floodPaused = true;
            decoder.pause();
            connection.pauseReads(TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1, this::floodPauseOver);
        }
    }

    /** Stops after the frame being handled until {@link #resume}: a receiver is not keeping up. */
    void suspend() {
        suspended = true;
        decoder.pause();
        connection.suspendReads();
    }

    /** Ends a {@link #suspend}: the held frames are handled (unless a flood pause still runs), then reading goes on. */
    void resume() {
        if (!suspended) {
            return;
        }
        suspended = false;
        connection.resumeReads();
        if (!floodPaused) {
            decoder.resume(sink);
        }
    }

    private void floodPauseOver() {
        floodPaused = false;
        if (!suspended) {
            decoder.resume(sink);
        }
    }
}
