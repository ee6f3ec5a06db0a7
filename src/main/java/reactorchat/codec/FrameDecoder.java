package reactorchat.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
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
public final class FrameDecoder extends PausableDecoder<FrameDecoder.Sink> {
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
    /**
     * A frame is being handed to the sink. A resume then must not start a scan of its own: it would
     * deliver the held frames from a start the scan under way has not moved past yet (again), and
     * the two scans' ends would leave {@code held} with its start past its end.
     */
    private boolean delivering;

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

    @Override
    public void decode(ByteBuffer in, Sink sink) {
        byte[] bytes = in.array();
        int pos = in.arrayOffset() + in.position();
        int end = in.arrayOffset() + in.limit();
        in.position(in.limit());
        while (pos < end && !stopped) {
            if (paused) {
                hold(bytes, pos, end, end - pos + held.size(), sink);
                return;
            }
            if (held.isEmpty()) {
                pos = scan(bytes, pos, end, false, sink);
                if (pos < end && !paused && !stopped) {
                    hold(bytes, pos, end, end - pos < Frame.LENGTH_BYTES ? Frame.LENGTH_BYTES : framed(bytes, pos), sink);
                    return;
                }
            } else {
                // Only what the held frame still lacks: the frames after it are read in place.
                long most = held.size() < Frame.LENGTH_BYTES ? Frame.LENGTH_BYTES : framed(held.array(), held.start());
                int take = (int) Math.min(end - pos, most - held.size());
                if (!hold(bytes, pos, pos + take, most, sink)) {
                    return;
                }
                pos += take;
                scanHeld(sink);
            }
        }
    }

    @Override
    public boolean resume(Sink sink) {
        paused = false;
        if (delivering) {
            return true; // from inside the sink: the scan under way goes on after this frame
        }
        if (!held.isEmpty()) {
            scanHeld(sink);
        }
        return !paused;
    }

    /** True while part of a frame, or bytes held by a pause, wait: a clean end of stream from a cut one. */
    @Override
    public boolean hasPartial() {
        return !held.isEmpty();
    }

    /**
     * Delivers frames from {@code bytes[pos, end)}; returns where it stopped: at an unfinished frame,
     * at a pause, or at {@code end} once stopped. {@code ours}: the array is the held one, so a frame
     * lying whole in it can hand over its body without a copy.
     */
    private int scan(byte[] bytes, int pos, int end, boolean ours, Sink sink) {
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
            delivering = true;
            try {
                deliver(bytes, pos + Frame.LENGTH_BYTES, (int) length, ours, sink);
            } finally {
                delivering = false;
            }
            pos += Frame.LENGTH_BYTES + (int) length;
        }
        return pos;
    }

    private void scanHeld(Sink sink) {
        int stop = scan(held.array(), held.start(), held.end(), true, sink);
        if (!stopped) {
            held.consumedTo(stop);
        }
    }

    /** Holds {@code bytes[from, to)} of a frame {@code most} bytes long at most; see {@link PausableDecoder#hold}. */
    private boolean hold(byte[] bytes, int from, int to, long most, Sink sink) {
        return hold(bytes, from, to, most, most, sink);
    }

    /** A frame's whole length, prefix included, read from the prefix at {@code at}. */
    private static long framed(byte[] bytes, int at) {
        return Frame.LENGTH_BYTES + u32(bytes, at);
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
}
