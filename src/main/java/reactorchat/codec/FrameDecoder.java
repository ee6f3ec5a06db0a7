package reactorchat.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import reactorchat.reactor.MemoryBudget;

/**
 * Splits a byte stream into {@link Frame}s, whatever way the stream was cut into reads.
 *
 * <p>A frame that lies whole in the bytes given is read from them in place; only an unfinished
 * frame is copied, into a {@link HeldBytes} that grows as its bytes arrive (never past the length
 * its prefix declares), so a connection holds at most one unfinished frame, no more of it than
 * has arrived, and nothing between frames. A frame's body is handed over to keep: it is copied
 * out of the caller's buffer once, or is a slice of the held array, which is then never written
 * again, so a relay can queue it as it is.
 *
 * <p>A length over the limit is reported and ends decoding: the next frame cannot be found without
 * reading the oversize one. So does a frame the memory budget has no room for. A frame whose
 * header is cut short or garbled, or whose text is not UTF-8, is reported and skipped; decoding
 * goes on with the next frame.
 *
 * <p>A sink may {@link #pause} the decoder from inside {@link Sink#frame} (flood control,
 * back-pressure): the rest of those bytes (at most one read) is held until {@link #resume}. A
 * resume from inside {@link Sink#frame} (a sender suspended on a transfer's last chunk and freed
 * as the transfer completes) only ends the pause: the delivery under way goes on after that frame.
 */
public final class FrameDecoder extends DeclaredLengthDecoder<FrameDecoder.Sink> {
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
    public interface Sink extends Decoder.Sink {
        /** A whole frame; its fields and body are the sink's to keep. */
        void frame(Frame frame);

        /** A frame was skipped; {@code type} is its type byte, or -1 if the frame was too short to have one. */
        void badFrame(Fault fault, int type, String why);

        /** A length prefix over the limit: the decoder has stopped and ignores all further bytes. */
        void frameTooLong(long length, int maxFrame);
    }

    private final int maxFrame;

    /** @param maxFrame the longest frame accepted, not counting its 4-byte length prefix */
    public FrameDecoder(int maxFrame) {
        this(maxFrame, MemoryBudget.UNLIMITED);
    }

    /** @param budget charged for every byte held between reads, before it is allocated */
    public FrameDecoder(int maxFrame, MemoryBudget budget) {
        super(budget);
        if (maxFrame < Frame.MIN_HEADER_BYTES) {
            throw new IllegalArgumentException("maxFrame must be at least " + Frame.MIN_HEADER_BYTES);
        }
        this.maxFrame = maxFrame;
    }

    /** True while part of a frame, or bytes held by a pause, wait: a clean end of stream from a cut one. */
    @Override
    public boolean hasPartial() {
        return !held.isEmpty();
    }

    /** Delivers frames; stopped, it returns {@code end}. */
    @Override
    protected int scan(byte[] bytes, int pos, int end, Sink sink) {
        // From the held array, which is never written again once lent, a body is handed over without a copy.
        boolean ours = bytes == held.array();
        while (!paused && end - pos >= Frame.LENGTH_BYTES) {
            long length = u32(bytes, pos);
            if (length > maxFrame) {
                stop();
                sink.frameTooLong(length, maxFrame);
                return end;
            }
            if (end - pos - Frame.LENGTH_BYTES < length) {
                break;
            }
            ended++;
            if (ours) {
                held.lend();
            }
            deliver(bytes, pos + Frame.LENGTH_BYTES, (int) length, ours, sink);
            pos += Frame.LENGTH_BYTES + (int) length;
        }
        return pos;
    }

    /** The length prefix while it is not whole, then the frame's whole length, prefix included. */
    @Override
    protected long bound(byte[] bytes, int at, int end) {
        return end - at < Frame.LENGTH_BYTES ? Frame.LENGTH_BYTES : Frame.LENGTH_BYTES + u32(bytes, at);
    }

    private static long u32(byte[] bytes, int at) {
        return Integer.toUnsignedLong((bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16
                | (bytes[at + 2] & 0xFF) << 8 | (bytes[at + 3] & 0xFF));
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
            if (!Text.isUtf8(bytes, pos + 2, size)) {
                sink.badFrame(Fault.BAD_FRAME, type, "field " + (i + 1) + " is not UTF-8");
                return;
            }
            fields.add(new String(bytes, pos + 2, size, StandardCharsets.UTF_8));
            pos += 2 + size;
        }
        ByteBuffer body = owned ? ByteBuffer.wrap(bytes, pos, end - pos).slice()
                : ByteBuffer.wrap(Arrays.copyOfRange(bytes, pos, end));
        sink.frame(new Frame(type, fields, body));
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
    }
}
