package reactorchat.codec;

import java.nio.ByteBuffer;

/**
 * Turns one connection's byte stream into messages for a sink, whatever way the stream was cut
 * into reads. What it must keep between reads is in a {@link HeldBytes}, charged to a memory
 * budget.
 *
 * <p>A sink may {@link #pause} the decoder from inside the call that hands it a message (flood
 * control, back-pressure): the rest of the bytes given is then held until {@link #resume}.
 *
 * @param <S> what the sink hears
 */
public interface Decoder<S extends Decoder.Sink> {
    /** What every decoder's sink hears besides its messages. */
    interface Sink {
        /**
         * The memory budget refused what the decoder had to hold ({@code bytes} at most): it has
         * dropped all it held and ignores every further byte, for the stream cannot be resynchronised.
         * Only a decoder given a limited budget calls this.
         */
        default void memoryRefused(long bytes) {
        }
    }

    /** Consumes every remaining byte of {@code in}, which must be backed by an array. */
    void decode(ByteBuffer in, S sink);

    /** Stops after the message being delivered; what follows it waits for {@link #resume}. */
    void pause();

    /** Goes on with the held bytes; true if it got through them all without being paused again. */
    boolean resume(S sink);

    /** True while an unfinished message, or input held by a pause, waits: a clean end of stream from a cut one. */
    boolean hasPartial();

    /** Messages ended so far, handed over or reported: a caller can tell a new unfinished message from an old one. */
    long ended();
}
