package reactorchat.reactor;

import java.nio.ByteBuffer;

/**
 * How a connection whose dialect has switched the socket to a message protocol (WebSocket) wraps
 * what the dialect sends, so that a session written for a byte stream of lines needs no change.
 * Set with {@link Connection#frameOutput}; the reactor only calls it, the protocol is the dialect's.
 */
public interface MessageFraming {
    /**
     * {@code bytes}, as a dialect made them for a byte stream, in framed form. The result is queued
     * as it is, so it must never change afterwards; the same result may be returned for the same
     * buffer, which lets a broadcast be framed once for every recipient.
     */
    ByteBuffer frame(ByteBuffer bytes);

    /** The last frame a close after flushing sends (WebSocket's close frame). */
    ByteBuffer closing();

    /**
     * The last frame when the server turns the peer away for good, saying {@code why} (WebSocket's
     * close frame with 1008, policy violation), so that a client stops trying again.
     */
    ByteBuffer refusing(String why);
}
