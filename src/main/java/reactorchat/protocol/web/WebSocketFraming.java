package reactorchat.protocol.web;

import java.nio.ByteBuffer;

import reactorchat.codec.WebSocketFrames;
import reactorchat.reactor.MessageFraming;

/**
 * Turns what a line or IRC session sends into WebSocket frames: one unframed message per line, its
 * LF or CRLF dropped, empty lines skipped. One instance per subprotocol serves every connection
 * that speaks it; it remembers the last buffer it framed, so that a broadcast, which hands the same
 * shared buffer to each recipient in turn, is framed once and the frames are shared too (a
 * server's frames are unmasked, so one encoding serves every recipient).
 */
final class WebSocketFraming implements MessageFraming {
    private static final ByteBuffer CLOSING = WebSocketFrames.close(WebSocketFrames.NORMAL, "");
    private static final ByteBuffer GOING_AWAY = WebSocketFrames.close(WebSocketFrames.GOING_AWAY, "");

    /** This framing, its close frame saying 1001: for the connections of a server that shuts down. */
    final MessageFraming goingAway = new MessageFraming() {
        @Override
        public ByteBuffer frame(ByteBuffer bytes) {
            return WebSocketFraming.this.frame(bytes);
        }

        @Override
        public ByteBuffer closing() {
            return GOING_AWAY;
        }

        @Override
        public ByteBuffer refusing(String why) {
            return WebSocketFraming.this.refusing(why);
        }
    };

    private final int opcode;
    private ByteBuffer lastIn;
    private ByteBuffer lastOut;

    WebSocketFraming(int opcode) {
        this.opcode = opcode;
    }

    @Override
    public ByteBuffer frame(ByteBuffer bytes) {
        if (bytes == lastIn) {
            return lastOut; // buffers given to a connection never change, so the same one frames the same
        }
        ByteBuffer out = ByteBuffer.allocate(framedSize(bytes));
        forEachLine(bytes, (start, length) -> {
            WebSocketFrames.putHeader(out, opcode, length);
            out.put(bytes.duplicate().limit(start + length).position(start));
        });
        lastIn = bytes;
        lastOut = out.flip().asReadOnlyBuffer();
        return lastOut;
    }

    @Override
    public ByteBuffer closing() {
        return CLOSING;
    }

    @Override
    public ByteBuffer refusing(String why) {
        return WebSocketFrames.close(WebSocketFrames.POLICY_VIOLATION, why); // cut to what a close frame holds
    }

    private static int framedSize(ByteBuffer bytes) {
        int[] size = new int[1];
        forEachLine(bytes, (start, length) -> size[0] += WebSocketFrames.headerLength(length) + length);
        return size[0];
    }

    private interface LineAction {
        void line(int start, int length);
    }

    /** Each non-empty line of {@code bytes} between its position and limit, without its LF or CRLF. */
    private static void forEachLine(ByteBuffer bytes, LineAction action) {
        int start = bytes.position();
        int end = bytes.limit();
        for (int i = start; i <= end; i++) {
            if (i < end && bytes.get(i) != '\n') {
                continue;
            }
            int length = i - start;
            if (i < end && length > 0 && bytes.get(i - 1) == '\r') {
                length--;
            }
            if (length > 0) {
                action.line(start, length);
            }
            start = i + 1;
        }
    }
}
