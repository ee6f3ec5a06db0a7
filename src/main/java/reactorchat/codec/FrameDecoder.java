package reactorchat.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a byte stream into {@link Frame}s, whatever way the stream was cut into reads.
 *
 * <p>A frame that lies whole in the bytes given is read from them in place; only an unfinished
 * frame is copied, into an array of exactly its length, so a connection holds at most one
 * unfinished frame and nothing between frames. A frame's body is handed over to keep: it is
 * copied out of the caller's buffer once, or is a slice of an array of the decoder's own (the
 * unfinished frame's, or what a pause held), which the decoder never writes again, so a relay
 * can queue it as it is.
 *
 * <p>A length over the limit is reported and ends decoding: the next frame cannot be found without
 * reading the oversize one. A frame whose header is cut short or garbled, or whose text is not
 * UTF-8, is reported and skipped; decoding goes on with the next frame.
 *
 * <p>A sink may {@link #pause} the decoder from inside {@link Sink#frame} (flood control,
 * back-pressure): the rest of those bytes (at most one read) is held until {@link #resume}.
 */
public final class FrameDecoder {
    /** What is wrong with a frame that is skipped. */
    public enum Fault {
        /** The version byte is not {@link Frame#VERSION}. */
        BAD_VERSION("bad-version"),
        /** The header does not fit the frame's length, or a field is not UTF-8. */
        BAD_FRAME("bad-frame");

        /** The code an ERROR frame gives for it. */
        public final String code;

        Fault(String code) {
            this.code = code;
        }
    }

    /** Receives what the decoder finds. */
    public interface Sink {
        /** A whole frame; its fields and body are the sink's to keep. */
        void frame(Frame frame);

        /** A frame was skipped; {@code type} is its type byte, or -1 if the frame was too short to have one. */
        void badFrame(Fault fault, int type, String why);

        /** A length prefix over the limit: the decoder has stopped and ignores all further bytes. */
        void frameTooLong(long length, int maxFrame);
    }

    private final int maxFrame;
    /** Bytes of the current length prefix read so far; 4 once the length is known. */
    private int prefixBytes;
    private int length;
    /** The unfinished frame (header and body, without the prefix), exactly {@code length} long. */
    private byte[] partial;
    private int filled;
    /** Bytes given while paused, waiting for {@link #resume}. */
    private byte[] held;
    private int heldStart;
    private int heldEnd;
    private boolean paused;
    private boolean stopped;

    /** @param maxFrame the longest frame accepted, not counting its 4-byte length prefix */
    public FrameDecoder(int maxFrame) {
        if (maxFrame < Frame.MIN_HEADER_BYTES) {
            throw new IllegalArgumentException("maxFrame must be at least " + Frame.MIN_HEADER_BYTES);
        }
        this.maxFrame = maxFrame;
    }

    /** Consumes every remaining byte of {@code in}, which must be backed by an array. */
    public void decode(ByteBuffer in, Sink sink) {
        byte[] bytes = in.array();
        int start = in.arrayOffset() + in.position();
        int end = in.arrayOffset() + in.limit();
        in.position(in.limit());
        if (held != null || paused) {
            hold(bytes, start, end);
            return;
        }
        int stop = scan(bytes, start, end, false, sink);
        hold(bytes, stop, end);
    }

    /** Stops after the frame being delivered; what follows it waits for {@link #resume}. */
    public void pause() {
        paused = true;
    }

    /** Goes on with the held bytes; true if it got through them all without being paused again. */
    public boolean resume(Sink sink) {
        paused = false;
        if (held != null) {
            heldStart = scan(held, heldStart, heldEnd, true, sink);
            if (heldStart == heldEnd) {
                held = null;
                heldStart = 0;
                heldEnd = 0;
            }
        }
        return !paused;
    }

    /** True while part of a frame, or bytes held by a pause, wait: a clean end of stream from a cut one. */
    public boolean hasPartialFrame() {
        return !stopped && (prefixBytes > 0 || held != null);
    }

    /** Bytes this decoder holds now: the unfinished frame's array and what a pause holds. */
    public int heldBytes() {
        return (partial == null ? 0 : partial.length) + (held == null ? 0 : held.length);
    }

    /**
     * Delivers frames from {@code bytes[pos, end)}; returns where it stopped (paused), or {@code end}.
     * {@code ours}: the array is this decoder's and is never written again, so a frame lying whole
     * in it can hand over its body without a copy.
     */
    private int scan(byte[] bytes, int pos, int end, boolean ours, Sink sink) {
        while (pos < end && !paused) {
            if (stopped) {
                return end;
            }
            if (partial != null) {
                int n = Math.min(end - pos, partial.length - filled);
                System.arraycopy(bytes, pos, partial, filled, n);
                pos += n;
                filled += n;
                if (filled == partial.length) {
                    byte[] frame = partial;
                    partial = null;
                    nextFrame();
                    deliver(frame, 0, frame.length, true, sink);
                }
            } else if (prefixBytes < Frame.LENGTH_BYTES) {
                length = (length << 8) | (bytes[pos++] & 0xFF);
                if (++prefixBytes == Frame.LENGTH_BYTES) {
                    pos = startFrame(bytes, pos, end, ours, sink);
                }
            }
        }
        return pos;
    }

    /** The length is known: checks it, then delivers the frame in place or starts holding it. */
    private int startFrame(byte[] bytes, int pos, int end, boolean ours, Sink sink) {
        long size = Integer.toUnsignedLong(length);
        if (size > maxFrame) {
            stopped = true;
            sink.frameTooLong(size, maxFrame);
            return end;
        }
        if (end - pos >= size) {
            nextFrame();
            deliver(bytes, pos, (int) size, ours, sink);
            return pos + (int) size;
        }
        partial = new byte[(int) size];
        filled = 0;
        return pos;
    }

    private void nextFrame() {
        prefixBytes = 0;
        length = 0;
    }

    /** Reads the header of {@code bytes[off, off + len)} and hands the frame, or its fault, to the sink. */
    private static void deliver(byte[] bytes, int off, int len, boolean owned, Sink sink) {
        int type = len >= 2 ? bytes[off + 1] & 0xFF : -1;
        if (len >= 1 && (bytes[off] & 0xFF) != Frame.VERSION) {
            sink.badFrame(Fault.BAD_VERSION, type, "version " + (bytes[off] & 0xFF) + ", expected " + Frame.VERSION);
            return;
        }
        if (len < Frame.MIN_HEADER_BYTES) {
            sink.badFrame(Fault.BAD_FRAME, type, "a frame of " + len + " bytes is shorter than a header");
            return;
        }
        int end = off + len;
        int count = u16(bytes, off + 2);
        int pos = off + Frame.MIN_HEADER_BYTES;
        List<String> fields = new ArrayList<>(Math.min(count, 16));
        for (int i = 0; i < count; i++) {
            if (end - pos < 2 || end - pos - 2 < u16(bytes, pos)) {
                sink.badFrame(Fault.BAD_FRAME, type, "field " + (i + 1) + " of " + count + " runs past the frame's end");
                return;
            }
            int size = u16(bytes, pos);
            String field = utf8(bytes, pos + 2, size);
            if (field == null) {
                sink.badFrame(Fault.BAD_FRAME, type, "field " + (i + 1) + " is not UTF-8");
                return;
            }
            fields.add(field);
            pos += 2 + size;
        }
        ByteBuffer body = owned ? ByteBuffer.wrap(bytes, pos, end - pos).slice()
                : ByteBuffer.wrap(Arrays.copyOfRange(bytes, pos, end));
        sink.frame(new Frame(type, fields, body));
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
    }

    /** Strict UTF-8: null for a malformed sequence, where the text dialects would put U+FFFD. */
    private static String utf8(byte[] bytes, int off, int len) {
        boolean ascii = true;
        for (int i = off; i < off + len && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, off, len));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Appends {@code bytes[start, end)} to what a pause holds, always in a new array: bodies handed
     * over from the old one may still be queued somewhere.
     */
    private void hold(byte[] bytes, int start, int end) {
        int count = end - start;
        if (count == 0) {
            return;
        }
        int kept = heldEnd - heldStart;
        byte[] into = new byte[kept + count];
        if (kept > 0) {
            System.arraycopy(held, heldStart, into, 0, kept);
        }
        System.arraycopy(bytes, start, into, kept, count);
        held = into;
        heldStart = 0;
        heldEnd = kept + count;
    }
}
