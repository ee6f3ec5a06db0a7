package reactorchat.codec;

import java.util.Arrays;

import reactorchat.reactor.MemoryBudget;

/**
 * Reads the frames a WebSocket client sends (RFC 6455 section 5) and hands each whole message to
 * a {@link LineDecoder.Sink} as one line, so that a chat session written for lines takes WebSocket
 * messages unchanged. A trailing LF or CRLF is dropped; one longer than the line limit is reported
 * as {@link LineDecoder.Sink#lineTooLong} and skipped.
 *
 * <p>A frame that lies whole in the bytes given is unmasked and read in place; only an unfinished
 * frame is copied, into a {@link HeldBytes} that grows as its bytes arrive, never past the length
 * its header declares. A message sent in fragments is gathered in a second one, up to the message
 * limit. Both are charged to the memory budget before they grow.
 *
 * <p>Control frames go to a {@link Control}: a ping is answered once per read with the last one's
 * payload (section 5.5.3 allows answering only the latest), so a ping flood costs one pong a read.
 * A frame that breaks the protocol (unmasked, reserved bits, an unknown opcode, a fragmented or
 * long control frame, a continuation out of place), a text message that is not UTF-8 and a message
 * over the limit end decoding: {@link Control#failed} gets the close code to send.
 *
 * <p>A sink may {@link #pause} the decoder from inside {@link LineDecoder.Sink#line}; the rest of
 * those bytes (at most one read) is held until {@link #resume}.
 */
public final class WebSocketDecoder extends DeclaredLengthDecoder<LineDecoder.Sink> {
    /** What the connection hears besides messages. */
    public interface Control {
        /** The client pinged: answer with a pong of this payload. */
        void ping(byte[] payload);

        /** The client sent a close frame with {@code code} ({@link WebSocketFrames#NO_CODE} for none); decoding has ended. */
        void closed(int code);

        /** The client broke the protocol; decoding has ended, and the connection is to be closed with {@code code}. */
        void failed(int code, String why);
    }

    private static final int MASK_BYTES = 4;
    /** No message is under way: the next data frame must not be a continuation. */
    private static final int NONE = -1;

    private final int maxMessage;
    private final int maxLine;
    private final Control control;
    /** The fragments of a message under way, unmasked. */
    private final HeldBytes fragments;
    /** The opcode of the message under way (text or binary), or {@link #NONE}. */
    private int messageOpcode = NONE;
    /** The payload of the last ping of this read, answered at its end; null if none came. */
    private byte[] pendingPing;

    /**
     * @param maxMessage the longest message accepted, over all its fragments
     * @param maxLine    the longest message handed on as a line; a longer one is reported and skipped
     * @param budget     charged for every byte held between reads, before it is allocated
     */
    public WebSocketDecoder(int maxMessage, int maxLine, Control control, MemoryBudget budget) {
        super(budget);
        if (maxMessage < 1 || maxLine < 1) {
            throw new IllegalArgumentException("maxMessage and maxLine must be positive");
        }
        this.maxMessage = maxMessage;
        this.maxLine = maxLine;
        this.control = control;
        this.fragments = new HeldBytes(budget);
    }

    /** True while part of a frame or of a fragmented message, or bytes held by a pause, wait. */
    @Override
    public boolean hasPartial() {
        return !stopped && (!held.isEmpty() || !fragments.isEmpty());
    }

    /** Bytes the fragments of a message under way hold now, charged to the budget. */
    public int fragmentBytes() {
        return fragments.charged();
    }

    /** Handles frames; an unfinished one's header is checked once it is whole. */
    @Override
    protected int scan(byte[] bytes, int pos, int end, LineDecoder.Sink sink) {
        while (!paused && !stopped && end - pos >= 2) {
            int first = bytes[pos] & 0xFF;
            int second = bytes[pos + 1] & 0xFF;
            int header = headerLength(second);
            if (end - pos < header) {
                break;
            }
            long length = payloadLength(bytes, pos, second);
            String fault = fault(first, second, length);
            if (fault != null) {
                fail(WebSocketFrames.PROTOCOL_ERROR, fault);
                break;
            }
            if ((first & 0x0F) < WebSocketFrames.CLOSE && length > maxMessage - fragments.size()) {
                fail(WebSocketFrames.TOO_BIG, "a message over " + maxMessage + " bytes");
                break;
            }
            if (end - pos - header < length) {
                break;
            }
            int payload = pos + header;
            unmask(bytes, payload - MASK_BYTES, payload, (int) length);
            pos = payload + (int) length;
            frame(first, bytes, payload, (int) length, sink);
        }
        return pos;
    }

    /** Why a frame with this header is refused; null if it is not. */
    private String fault(int first, int second, long length) {
        int opcode = first & 0x0F;
        boolean control = opcode >= WebSocketFrames.CLOSE;
        if ((first & 0x70) != 0) {
            return "reserved bits set, and no extension was agreed";
        }
        if ((second & 0x80) == 0) {
            return "a client's frames must be masked";
        }
        if (length < 0) {
            return "a length with its top bit set";
        }
        if (opcode > WebSocketFrames.BINARY && opcode < WebSocketFrames.CLOSE || opcode > WebSocketFrames.PONG) {
            return "unknown opcode " + opcode;
        }
        if (control && ((first & 0x80) == 0 || length > WebSocketFrames.MAX_CONTROL_PAYLOAD)) {
            return "a control frame must be whole and at most 125 bytes";
        }
        if (control) {
            return null;
        }
        if (opcode == WebSocketFrames.CONTINUATION && messageOpcode == NONE) {
            return "a continuation frame with no message under way";
        }
        if (opcode != WebSocketFrames.CONTINUATION && messageOpcode != NONE) {
            return "a new message before the last one ended";
        }
        return null;
    }

    private void frame(int first, byte[] bytes, int offset, int length, LineDecoder.Sink sink) {
        int opcode = first & 0x0F;
        boolean fin = (first & 0x80) != 0;
        switch (opcode) {
            case WebSocketFrames.PING -> pendingPing = Arrays.copyOfRange(bytes, offset, offset + length);
            case WebSocketFrames.PONG -> { } // unsolicited or late: nothing to do (section 5.5.3)
            case WebSocketFrames.CLOSE -> close(bytes, offset, length);
            default -> data(opcode, fin, bytes, offset, length, sink);
        }
    }

    private void data(int opcode, boolean fin, byte[] bytes, int offset, int length, LineDecoder.Sink sink) {
        if (fin) {
            // Only a message's end counts: a ping or an empty fragment must not restart a partial's deadline.
            ended++;
        }
        if (opcode != WebSocketFrames.CONTINUATION) {
            messageOpcode = opcode;
        }
        if (fin && fragments.isEmpty()) {
            message(bytes, offset, length, sink);
        } else if (fragments.append(bytes, offset, offset + length, maxMessage)) {
            if (fin) {
                message(fragments.array(), fragments.start(), fragments.size(), sink);
                fragments.clear();
            }
        } else {
            long wanted = fragments.size() + (long) length;
            end();
            sink.memoryRefused(wanted);
            return;
        }
        if (fin) {
            messageOpcode = NONE;
        }
    }

    private void message(byte[] bytes, int offset, int length, LineDecoder.Sink sink) {
        if (messageOpcode == WebSocketFrames.TEXT && !Text.isUtf8(bytes, offset, length)) {
            fail(WebSocketFrames.BAD_DATA, "a text message that is not UTF-8");
            return;
        }
        LineDecoder.line(bytes, offset, length, maxLine, sink);
    }

    private void close(byte[] bytes, int offset, int length) {
        int code = length >= 2 ? (bytes[offset] & 0xFF) << 8 | (bytes[offset + 1] & 0xFF) : WebSocketFrames.NO_CODE;
        if (length == 1 || length >= 2 && !WebSocketFrames.isValidCloseCode(code)) {
            fail(WebSocketFrames.PROTOCOL_ERROR, "a close frame with a bad code");
        } else if (length > 2 && !Text.isUtf8(bytes, offset + 2, length - 2)) {
            fail(WebSocketFrames.BAD_DATA, "a close reason that is not UTF-8");
        } else {
            ended++;
            end();
            control.closed(code);
        }
    }

    private void fail(int code, String why) {
        end();
        control.failed(code, why);
    }

    /** Decoding is over: nothing more is read, nothing held, no ping answered. */
    private void end() {
        stop();
        fragments.clear();
        pendingPing = null;
    }

    /** Answers the last ping of the bytes gone through. */
    @Override
    protected void inputDone(LineDecoder.Sink sink) {
        if (pendingPing != null && !stopped) {
            byte[] payload = pendingPing;
            pendingPing = null;
            control.ping(payload);
        }
    }

    /** The header's first two bytes, then the whole header, then header and payload (checked by then). */
    @Override
    protected long bound(byte[] bytes, int at, int end) {
        if (end - at < 2) {
            return 2;
        }
        int second = bytes[at + 1] & 0xFF;
        int header = headerLength(second);
        return end - at < header ? header : header + payloadLength(bytes, at, second);
    }

    /** The header's length, mask key included, from its second byte (section 5.2). */
    private static int headerLength(int second) {
        int length = second & 0x7F;
        int extended = length == 126 ? 2 : length == 127 ? 8 : 0;
        return 2 + extended + ((second & 0x80) != 0 ? MASK_BYTES : 0);
    }

    /** The payload's length; negative for a 64-bit length with its top bit set, which section 5.2 forbids. */
    private static long payloadLength(byte[] bytes, int at, int second) {
        int length = second & 0x7F;
        if (length < 126) {
            return length;
        }
        long value = 0;
        for (int i = 0; i < (length == 126 ? 2 : 8); i++) {
            value = value << 8 | (bytes[at + 2 + i] & 0xFF);
        }
        return value;
    }

    /** Unmasks {@code bytes[payload, payload + length)} in place with the key at {@code key} (section 5.3). */
    private static void unmask(byte[] bytes, int key, int payload, int length) {
        for (int i = 0; i < length; i++) {
            bytes[payload + i] ^= bytes[key + (i & 3)];
        }
    }
}
