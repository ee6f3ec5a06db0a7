package reactorchat.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The close of a connection told to close after flushing, made only then. Its queue is written
 * out first, for at most {@link #DRAIN_DEADLINE_MILLIS}. Then a peer that has sent nothing
 * unread is closed at once; one still sending (a flooder, an oversize frame) lingers: the writing
 * side is shut, and what the peer still sends is read and dropped until its end of stream,
 * {@link #MAX_DROPPED} bytes or {@link #LINGER_MILLIS}. Closing a socket with unread input sends a
 * reset, and a reset can destroy the last lines in flight to the peer, its error among them,
 * before the peer reads them. The connection keeps the state; this keeps the deadlines and the
 * lingering.
 */
final class GracefulClose {
    /** How long a connection told to close after flushing may take to drain its queue. */
    static final long DRAIN_DEADLINE_MILLIS = 5_000;
    /** How long a lingering connection waits for the peer's end of stream. */
    static final long LINGER_MILLIS = 2_000;
    /** Input dropped before giving up waiting and closing anyway. */
    private static final int MAX_DROPPED = 1 << 20;

    private final Connection connection;
    private final String reason;
    /** The drain deadline, then the linger one. */
    private Timer deadline;
    private int dropped;

    GracefulClose(Connection connection, String reason) {
        this.connection = connection;
        this.reason = reason;
    }

    /** Gives the queue {@link #DRAIN_DEADLINE_MILLIS} to be written out. */
    void drain() {
        deadline = connection.loop().schedule(DRAIN_DEADLINE_MILLIS,
                () -> connection.close(reason + " (output not drained in time)"));
    }

    /**
     * All output is written: lingers, the writing side shut, if the peer sent bytes not read yet.
     * False if the connection is to be closed at once instead: the peer sent nothing unread, the
     * writing side would not shut, or the server stops.
     */
    boolean linger() {
        SocketChannel channel = connection.channel();
        EventLoop loop = connection.loop();
        if (loop.isStopping() || !hasUnreadInput(channel)) {
            return false;
        }
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            return false;
        }
        cancel();
        deadline = loop.schedule(LINGER_MILLIS, () -> connection.close(reason));
        return true;
    }

    /**
     * Whether the peer sent bytes not read yet; the one byte this reads is dropped, as lingering
     * drops the rest. Its own tiny buffer: this may run inside a handler, while the loop's read
     * buffer is being decoded.
     */
    private static boolean hasUnreadInput(SocketChannel channel) {
        try {
            return channel.read(ByteBuffer.allocate(1)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads and drops what arrived while lingering; true once it is time to close: end of stream, or too much dropped. */
    boolean dropInput(ByteBuffer readBuffer) throws IOException {
        readBuffer.clear();
        int n = connection.channel().read(readBuffer);
        dropped += Math.max(n, 0);
        return n < 0 || dropped > MAX_DROPPED;
    }

    void cancel() {
        if (deadline != null) {
            deadline.cancel();
        }
    }
}
