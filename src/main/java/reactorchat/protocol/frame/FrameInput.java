package reactorchat.protocol.frame;

import java.nio.ByteBuffer;

import reactorchat.codec.FrameDecoder;
import reactorchat.protocol.FloodBudget;
import reactorchat.reactor.Connection;

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
    private final FloodBudget budget;
    private boolean floodPaused;
    private boolean suspended;

    FrameInput(Connection connection, int maxFrameBytes, FrameDecoder.Sink sink) {
        this.connection = connection;
        this.decoder = new FrameDecoder(maxFrameBytes, connection.memory());
        this.sink = sink;
        this.budget = new FloodBudget(connection);
    }

    /** Decodes bytes read from the connection; the sink hears each frame. */
    void decode(ByteBuffer in) {
        decoder.decode(in, sink);
    }

    /**
     * Counts one frame against the flood budget; call it from the sink for each frame but a relayed chunk.
     *
     * @return false past the hard line (--flood-timeout, as for the text dialects): the frame is
     *         not to be handled, nothing more will be decoded, and the session must say why and close
     */
    boolean charge() {
        long pause = budget.charge();
        if (pause == 0) {
            return true;
        }
        decoder.pause();
        if (pause == FloodBudget.CUT) {
            return false;
        }
        floodPaused = true;
        connection.pauseReads(pause, this::floodPauseOver);
        return true;
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
            resumeDecoder();
        }
    }

    private void floodPauseOver() {
        floodPaused = false;
        if (!suspended) {
            resumeDecoder();
        }
    }

    private void resumeDecoder() {
        budget.resume(() -> decoder.resume(sink));
    }
}
