package reactorchat.codec;

import reactorchat.reactor.MemoryBudget;

/**
 * What the decoders do alike: they keep what they must between reads in one {@link HeldBytes},
 * stop on a sink's {@link #pause} and scan what they held on {@link #resume}, count the messages
 * they end, and stop for good once the budget refuses what they have to hold, since a stream with
 * a gap in it cannot be resynchronised. A subclass scans for its own messages.
 */
abstract class PausableDecoder<S extends Decoder.Sink> implements Decoder<S> {
    protected final HeldBytes held;
    protected boolean paused;
    /** Every further byte is ignored: the budget refused some, or the stream broke a hard limit. */
    protected boolean stopped;
    protected long ended;
    /**
     * A scan is handing messages to the sink. A resume then must not start a scan of its own: it
     * would deliver the held messages from a start the scan under way has not moved past yet
     * (again), and the two scans' ends would leave {@code held} with its start past its end.
     */
    private boolean delivering;

    PausableDecoder(MemoryBudget budget) {
        this.held = new HeldBytes(budget);
    }

    /**
     * Hands the messages of {@code bytes[pos, end)} to the sink; returns where it stopped: at an
     * unfinished message, at a pause, or anywhere once stopped. Called through {@link #scanning}.
     */
    protected abstract int scan(byte[] bytes, int pos, int end, S sink);

    /** What is left to do once the bytes given, or those held, have been gone through. */
    protected void inputDone(S sink) {
    }

    @Override
    public final void pause() {
        paused = true;
    }

    @Override
    public final boolean resume(S sink) {
        paused = false;
        if (delivering) {
            return true; // from inside the sink: the scan under way goes on after this message
        }
        if (!held.isEmpty()) {
            scanHeld(sink);
        }
        inputDone(sink);
        return !paused;
    }

    @Override
    public final long ended() {
        return ended;
    }

    /** Bytes this decoder holds now, all charged to its budget. */
    public final int heldBytes() {
        return held.charged();
    }

    /** {@link #scan}s {@code bytes[pos, end)}, with resumes from inside the sink kept from scanning too. */
    protected final int scanning(byte[] bytes, int pos, int end, S sink) {
        delivering = true;
        try {
            return scan(bytes, pos, end, sink);
        } finally {
            delivering = false;
        }
    }

    /** Scans what is held, and lets go of what the scan got through. */
    protected final void scanHeld(S sink) {
        int stop = scanning(held.array(), held.start(), held.end(), sink);
        if (!stopped) {
            held.consumedTo(stop);
        }
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
