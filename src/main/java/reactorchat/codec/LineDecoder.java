package reactorchat.codec;

import java.nio.ByteBuffer;

/**
 * Splits a byte stream into lines ended by LF or CRLF, whatever way the stream was cut into reads.
 *
 * <p>It keeps bytes only for an unfinished line, and none once that line is done, so an idle
 * connection holds nothing here. A line longer than the limit is reported once and skipped up to
 * the next LF; the decoder then goes on with the line after it.
 *
 * <p>A sink may {@link #pause} the decoder from inside {@link Sink#line}, e.g. for flood control:
 * the rest of that read is then held (at most one read) until {@link #resume}.
 */
public final class LineDecoder {
    /** Receives what the decoder finds; the array slice is valid only during the call. */
    public interface Sink {
        /** A complete line without its terminator. */
        void line(byte[] bytes, int offset, int length);

        /** A line went past the limit and is being discarded up to its end. */
        void lineTooLong(int maxLength);
    }

    private final int maxLength;
    private byte[] held;
    private int heldStart;
    private int heldEnd;
    private boolean discarding;
    private boolean paused;

    /** @param maxLength the longest line accepted, not counting LF or CRLF */
    public LineDecoder(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive");
        }
        this.maxLength = maxLength;
    }

    /** Consumes every remaining byte of {@code in}, which must be backed by an array. */
    public void decode(ByteBuffer in, Sink sink) {
        byte[] bytes = in.array();
        int start = in.arrayOffset() + in.position();
        int end = in.arrayOffset() + in.limit();
        in.position(in.limit());
        if (heldStart == heldEnd) {
            int stop = scan(bytes, start, end, sink);
            hold(bytes, stop, end);
        } else {
            hold(bytes, start, end);
            decodeHeld(sink);
        }
    }

    /** Stops after the line being delivered; what follows it waits for {@link #resume}. */
    public void pause() {
        paused = true;
    }

    /** Goes on with the held lines; true if it got through them all without being paused again. */
    public boolean resume(Sink sink) {
        paused = false;
        decodeHeld(sink);
        return !paused;
    }

    /** True while an unfinished line is held; a caller can tell a clean end of stream from a cut one. */
    public boolean hasPartialLine() {
        return heldStart < heldEnd || discarding;
    }

    private void decodeHeld(Sink sink) {
        heldStart = scan(held, heldStart, heldEnd, sink);
        if (heldStart == heldEnd) {
            held = null;
            heldStart = 0;
            heldEnd = 0;
        }
    }

    /** Delivers lines from {@code bytes[pos, end)}; returns where it stopped: a paused or unfinished line. */
    private int scan(byte[] bytes, int pos, int end, Sink sink) {
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
            if (discarding) {
                discarding = false;
            } else {
                emit(bytes, pos, newline - pos, sink);
            }
            pos = newline + 1;
        }
        return pos;
    }

    private void emit(byte[] bytes, int offset, int length, Sink sink) {
        if (length > 0 && bytes[offset + length - 1] == '\r') {
            length--;
        }
        if (length > maxLength) {
            sink.lineTooLong(maxLength);
        } else {
            sink.line(bytes, offset, length);
        }
    }

    /** Appends {@code bytes[start, end)} to what is held, compacting first. */
    private void hold(byte[] bytes, int start, int end) {
        int count = end - start;
        if (count == 0) {
            return;
        }
        int kept = heldEnd - heldStart;
        if (held == null || held.length < kept + count) {
            byte[] grown = new byte[Math.max(kept + count, Math.min(2 * (kept + count), maxLength + 1))];
            if (kept > 0) {
                System.arraycopy(held, heldStart, grown, 0, kept);
            }
            held = grown;
        } else if (heldStart > 0) {
            System.arraycopy(held, heldStart, held, 0, kept);
        }
        System.arraycopy(bytes, start, held, kept, count);
        heldStart = 0;
        heldEnd = kept + count;
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
