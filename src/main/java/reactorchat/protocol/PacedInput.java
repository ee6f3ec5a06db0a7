package reactorchat.protocol;

import java.nio.ByteBuffer;

import reactorchat.codec.Decoder;
import reactorchat.reactor.Connection;

/**
 * A chat connection's input, decoded and paced, whatever its framing. Two things stop it, apart
 * from each other. Flood control: each message the session {@link #charge charges} counts
 * against the connection's {@link FloodBudget}, and past it reading pauses for a while. Back-
 * pressure: while a receiver of this user's file is not keeping up, reading is {@link #suspend
 * suspended} until the receiver drains. Either way the decoder holds the rest of the read it was in
 * (charged to the connection's memory budget), the flooder's further bytes wait in the kernel and
 * TCP slows it, and reading starts again only when neither holds it.
 *
 * @param <S> the sink the decoder hands messages to: the session
 */
public final class PacedInput<S extends Decoder.Sink> {
    private final Connection connection;
    private final Decoder<S> decoder;
    private final S sink;
    private final FloodBudget budget;
    private boolean floodPaused;
    private boolean suspended;

    public PacedInput(Connection connection, Decoder<S> decoder, S sink) {
        this.connection = connection;
        this.decoder = decoder;
        this.sink = sink;
        this.budget = new FloodBudget(connection);
    }

    /** Decodes bytes read from the connection; the sink hears each message. */
    public void decode(ByteBuffer in) {
        decoder.decode(in, sink);
    }

    /**
     * Counts one message against the flood budget; call it from the sink for each message it
     * handles, bad ones included (a file's chunks are paced by their receiver instead).
     *
     * @return false if the connection has been over its budget for longer than --flood-timeout:
     *         the message is not to be handled, nothing more will be decoded, and the session
     *         must tell its client why and close
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
        floodPaused = true;
        connection.pauseReads(pause, this::floodPauseOver);
        return true;
    }

    /** Stops after the message being handled until {@link #resume}: a receiver is not keeping up. */
    public void suspend() {
        suspended = true;
        decoder.pause();
        connection.suspendReads();
    }

    /** Ends a {@link #suspend}: the held messages are handled (unless a flood pause still runs), then reading goes on. */
    public void resume() {
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
