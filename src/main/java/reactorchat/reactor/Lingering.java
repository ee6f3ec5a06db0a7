package reactorchat.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The last state of a connection whose output is all written and whose writing side is shut: it
 * reads and drops what the peer still sends, until the peer's end of stream, a byte limit or a
 * deadline. Closing a socket with unread input sends a reset, and a reset can destroy the last
 * lines in flight to the peer, its error among them, before the peer reads them.
 */
final class Lingering {
    /** How long a lingering connection waits for the peer's end of stream. */
    static final long LINGER_MILLIS = 2_000;
    /** Input dropped before giving up waiting and closing anyway. */
    private static final int MAX_BYTES = 1 << 20;

    private final SocketChannel channel;
    private int dropped;

    Lingering(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Whether the peer sent bytes not read yet; the one byte this reads is dropped, as lingering
     * drops the rest. Its own tiny buffer: this may run inside a handler, while the loop's read
     * buffer is being decoded.
     */
    static boolean hasUnreadInput(SocketChannel channel) {
        try {
            return channel.read(ByteBuffer.allocate(1)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads and drops what arrived; true once it is time to close: end of stream, or too much dropped. */
    boolean dropInput(ByteBuffer readBuffer) throws IOException {
        readBuffer.clear();
        int n = channel.read(readBuffer);
        dropped += Math.max(n, 0);
        return n < 0 || dropped > MAX_BYTES;
    }
}
