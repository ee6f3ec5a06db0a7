package reactorchat.codec;

import reactorchat.reactor.MemoryBudget;

/**
 * What the line and frame decoders do alike: they keep what they must between reads in one
 * {@link HeldBytes}, stop on a sink's {@link #pause}, count the messages they end, and stop for
 * good once the budget refuses what they have to hold, since a stream with a gap in it cannot be
 * resynchronised. A subclass scans for its own messages.
 */
abstract class PausableDecoder<S extends Decoder.Sink> implements Decoder<S> {
    protected final HeldBytes held;
    protected boolean paused;
    /** Every further byte is ignored: the budget refused some, or the stream broke a hard limit. */
    protected boolean stopped;
    protected long ended;

    PausableDecoder(MemoryBudget budget) {
        this.held = new HeldBytes(budget);
    }

    @Override
    public final void pause() {
        paused = true;
    }

    @Override
    public final long ended() {
        return ended;
    }

    /** Bytes this decoder holds now, all charged to its budget. */
    public final int heldBytes() {
        return held.charged();
    }

    /** Ignores every further byte and gives back all it held. */
    protected final void stop() {
        stopped = true;
        held.clear();
    }

    /**
     * Holds {@code bytes[from, to)}, the array growing to at most {@code most}; if the budget
     * refuses, stops and tells the sink it could not hold {@code wanted} bytes.
     */
    protected final boolean hold(byte[] bytes, int from, int to, long most, long wanted, S sink) {
        if (held.append(bytes, from, to, most)) {
            return true;
        }
        stop();
        sink.memoryRefused(wanted);
        return false;
    }
}
