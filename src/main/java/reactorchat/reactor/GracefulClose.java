package reactorchat.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The close of a connection told to close after flushing, made only then: it drains, then
 * lingers or closes. Its queue is written out first, for at most {@link #DRAIN_DEADLINE_MILLIS}.
 * Then a peer that has sent nothing unread is closed at once; one still sending (a flooder, an
 * oversize frame) lingers: the writing side is shut, and what the peer still sends is read and
 * dropped until its end of stream, {@link #MAX_DROPPED} bytes or {@link #LINGER_MILLIS}. Closing
 * a socket with unread input sends a reset, and a reset can destroy the last lines in flight to
 * the peer, its error among them, before the peer reads them.
 */
final class GracefulClose {
    /** How long a connection told to close after flushing may take to drain its queue. */
    static final long DRAIN_DEADLINE_MILLIS = 5_000;
    /** How long a lingering connection waits for the peer's end of stream. */
    static final long LINGER_MILLIS = 2_000;
    /** Input dropped before giving up waiting and closing anyway. */
    private static final int MAX_DROPPED = 1 << 20;

    private final Connection connection;
    private final LoopSocket socket;
    private final String reason;
    /** The drain deadline, then the linger one. */
    private Timer deadline;
    private boolean lingering;
    private int dropped;

    GracefulClose(Connection connection, LoopSocket socket, String reason) {
        this.connection = connection;
        this.socket = socket;
        this.reason = reason;
    }

    /** Stops reading and starts draining the queue, or goes straight on if it is empty. */
    void start(boolean drained) {
        socket.readInterest(false);
        if (drained) {
            drained();
        } else {
            deadline = connection.loop().schedule(DRAIN_DEADLINE_MILLIS,
                    () -> connection.close(reason + " (output not drained in time)"));
        }
    }

    /**
     * All output is written: lingers, the writing side shut, if the peer sent bytes not read yet.
     * Closes at once instead if the peer sent nothing unread or has ended its stream, the writing
     * side would not shut, or the server stops.
     */
    void drained() {
        connection.closeNotify(); // before the writing side is shut, if it is
        EventLoop loop = connection.loop();
        if (socket.peerClosed() || loop.isStopping() || !socket.hasUnreadInput() || !socket.shutdownOutput()) {
            connection.close(reason);
            return;
        }
        cancel();
        lingering = true;
        deadline = loop.schedule(LINGER_MILLIS, () -> connection.close(reason));
        socket.readInterest(true);
    }

    /** Whether the queue is written out and the peer's end of stream awaited: nothing more is sent. */
    boolean isLingering() {
        return lingering;
    }

    /** Reads and drops what arrived while lingering; closes at the end of stream, or once too much is dropped. */
    void readable(ByteBuffer readBuffer) throws IOException {
        if (!lingering) {
            return; // reads were stopped, but this pass's selection still said the socket was readable
        }
        int n = socket.read(readBuffer);
        dropped += Math.max(n, 0);
        if (n < 0 || dropped > MAX_DROPPED) {
            connection.close(reason);
        }
    }

    void cancel() {
        if (deadline != null) {
            deadline.cancel();
        }
    }
}
