package reactorchat.protocol.frame;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger log = LoggerFactory.getLogger(FrameInput.class);

    private final Connection connection;
    private final FrameDecoder decoder;
    private final FrameDecoder.Sink sink;
    private final FloodGate flood;
    private final long timeoutNanos;
    private boolean floodPaused;
    private boolean suspended;
    /** True while the frames held from an earlier read are decoded, after a pause. */
    private boolean resuming;

    FrameInput(Connection connection, int maxFrameBytes, FrameDecoder.Sink sink) {
        this.connection = connection;
        this.decoder = new FrameDecoder(maxFrameBytes);
        this.sink = sink;
        this.flood = connection.limits().newFloodGate();
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(connection.limits().floodTimeoutSeconds());
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
        floodPaused = true;
        connection.pauseReads(TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1, this::floodPauseOver);
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

    /** Frames held from an earlier read are charged as waiting ones: however late, they cannot end a flood spell. */
    private void resumeDecoder() {
        resuming = true;
        decoder.resume(sink);
        resuming = false;
    }
}
