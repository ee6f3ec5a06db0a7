package reactorchat.codec;

import java.nio.ByteBuffer;

import reactorchat.reactor.MemoryBudget;

/**
 * Splits a byte stream into lines ended by LF or CRLF, whatever way the stream was cut into reads.
 *
 * <p>It keeps bytes only for an unfinished line, and none once that line is done, so an idle
 * connection holds nothing here. A line longer than the limit is reported once and skipped up to
 * the next LF; the decoder then goes on with the line after it.
 *
 * <p>A sink may {@link #pause} the decoder from inside {@link Sink#line}, e.g. for flood control:
 * the rest of that read is then held (at most one read) until {@link #resume}. All it holds is
 * charged to its memory budget; if the budget refuses, the sink hears it and decoding ends.
 */
public final class LineDecoder extends PausableDecoder<LineDecoder.Sink> {
    /** Receives what the decoder finds; the array slice is valid only during the call. */
    public interface Sink extends Decoder.Sink {
        /** A complete line without its terminator. */
        void line(byte[] bytes, int offset, int length);

        /** A line went past the limit and is being discarded up to its end. */
        void lineTooLong(int maxLength);
    }

    private final int maxLength;
    private boolean discarding;

    /** @param maxLength the longest line accepted, not counting LF or CRLF */
    public LineDecoder(int maxLength) {
        this(maxLength, MemoryBudget.UNLIMITED);
    }

    /** @param budget charged for every byte held between reads, before it is allocated */
    public LineDecoder(int maxLength, MemoryBudget budget) {
        super(budget);
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive");
        }
        this.maxLength = maxLength;
    }

    @Override
    public void decode(ByteBuffer in, Sink sink) {
        byte[] bytes = in.array();
        int start = in.arrayOffset() + in.position();
        int end = in.arrayOffset() + in.limit();
        in.position(in.limit());
        if (stopped) {
            return;
        }
        if (held.isEmpty()) {
            int stop = scanning(bytes, start, end, sink);
            hold(bytes, stop, end, sink);
        } else if (hold(bytes, start, end, sink) && !paused) {
            scanHeld(sink);
        }
    }

    /** True while an unfinished line, or lines held by a pause, wait: a clean end of stream from a cut one. */
    @Override
    public boolean hasPartial() {
        return !stopped && (!held.isEmpty() || discarding);
    }

    /** Delivers lines; returns where it stopped: a paused or unfinished line. */
    @Override
    protected int scan(byte[] bytes, int pos, int end, Sink sink) {
        while (pos < end && !paused) {
            int newline = indexOf(bytes, pos, end);
            if (newline < 0) {
                // One byte over the limit may wait: it may be the CR of a CRLF.
                if (!discarding && end - pos > maxLength + 1) {
                    discarding = true;
                    sink.lineTooLong(maxLength);
                }
                return discarding ? end : pos;
            }
            ended++;
            if (discarding) {
                discarding = false;
            } else {
                line(bytes, pos, newline + 1 - pos, maxLength, sink);
            }
            pos = newline + 1;
        }
        return pos;
    }

    /**
     * Hands {@code bytes[offset, offset + length)} to the sink as a line, without the LF or CRLF
     * it may end with, or reports it if it is longer than {@code maxLength} without them.
     */
    static void line(byte[] bytes, int offset, int length, int maxLength, Sink sink) {
        if (length > 0 && bytes[offset + length - 1] == '\n') {
            length--;
            if (length > 0 && bytes[offset + length - 1] == '\r') {
                length--;
            }
        }
        if (length > maxLength) {
            sink.lineTooLong(maxLength);
        } else {
            sink.line(bytes, offset, length);
        }
    }

    /**
     * Holds {@code bytes[start, end)}: an unfinished line grows to at most the limit and a CR, or
     * more while paused. If the budget refuses, stops and tells the sink.
     */
    private boolean hold(byte[] bytes, int start, int end, Sink sink) {
        long needed = end - start + held.size();
        return hold(bytes, start, end, Math.max(needed, maxLength + 1), needed, sink);
    }

    private static int indexOf(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
