package reactorchat.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ended by LF or CRLF, whatever way the stream was cut into reads.
 *
 * <p>It keeps bytes only for an unfinished line, and none once that line is done, so an idle
 * connection holds nothing here. A line longer than the limit is reported once and skipped up to
 * the next LF; the decoder then goes on with the line after it.
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
    private byte[] partial;
    private int partialLength;
    private boolean discarding;

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
        int position = in.arrayOffset() + in.position();
        int end = in.arrayOffset() + in.limit();
        while (position < end) {
            int newline = indexOf(bytes, position, end);
            if (newline < 0) {
                keep(bytes, position, end, sink);
                break;
            }
            finish(bytes, position, newline, sink);
            position = newline + 1;
        }
        in.position(in.limit());
    }

    /** True while an unfinished line is held; a caller can tell a clean end of stream from a cut one. */
    public boolean hasPartialLine() {
        return partialLength > 0 || discarding;
    }

    private void finish(byte[] bytes, int start, int newline, Sink sink) {
        if (discarding) {
            discarding = false;
            return;
        }
        if (partialLength == 0) {
            emit(bytes, start, newline - start, sink);
            return;
        }
        int total = partialLength + newline - start;
        if (total > maxLength + 1) {
            release();
            sink.lineTooLong(maxLength);
            return;
        }
        append(bytes, start, newline);
        byte[] line = partial;
        int length = partialLength;
        release();
        emit(line, 0, length, sink);
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

    private void keep(byte[] bytes, int start, int end, Sink sink) {
        if (discarding) {
            return;
        }
        // One byte over the limit is allowed to wait: it may be the CR of a CRLF.
        if (partialLength + end - start > maxLength + 1) {
            release();
            discarding = true;
            sink.lineTooLong(maxLength);
            return;
        }
        append(bytes, start, end);
    }

    private void append(byte[] bytes, int start, int end) {
        int needed = partialLength + end - start;
        if (partial == null) {
            partial = new byte[Math.max(needed, 64)];
        } else if (partial.length < needed) {
            partial = Arrays.copyOf(partial, Math.min(Math.max(needed, partial.length * 2), maxLength + 1));
        }
        System.arraycopy(bytes, start, partial, partialLength, end - start);
        partialLength = needed;
    }

    private void release() {
        partial = null;
        partialLength = 0;
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
