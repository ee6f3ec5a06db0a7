package reactorchat.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a connection has to write: its queue, the {@link OutputLimits output limits} that queue
 * is held to as it grows, and the write at the end of the pass. Its connection decides
 * what comes of a write (a drained close goes on, a producer hears it may go on); this only
 * writes. Only the loop thread may call it.
 */
final class ConnectionOutput {
    private static final Logger log = LoggerFactory.getLogger(ConnectionOutput.class);

    private final Connection connection;
    /** Null on a plain connection. */
    private final TlsTransport tls;
    /** {@link OutboundBuffer#NONE} while nothing is queued and no water marks are watched. */
    private OutboundBuffer queue = OutboundBuffer.NONE;
    /** Running while the queue is over the soft limit: cuts the connection when its grace time is up. */
    private Timer softLimitCheck;

    ConnectionOutput(Connection connection, TlsTransport tls) {
        this.connection = connection;
        this.tls = tls;
    }

    /**
     * What the output costs as seen from this connection alone: its queue, and on a TLS
     * connection the ciphertext the kernel did not take yet. The output limits hold it to this.
     */
    private long cost() {
        return tls == null ? queue.cost() : queue.cost() + tls.unsentCost();
    }

    /** Queues {@code bytes} unless they break an output limit; see {@link Connection#send}. */
    boolean send(ByteBuffer bytes) {
        if (!connection.takesOutput()) {
            return false;
        }
        if (!bytes.hasRemaining()) {
            return true;
        }
        Connections connections = connection.connections();
        Limits limits = connection.limits();
        long before = cost();
        long queued = before + bytes.remaining() + OutboundBuffer.ENTRY_OVERHEAD;
        String broken = OutputLimits.broken(limits, queued, bytes, connections);
        if (broken != null) {
            cutSlowConsumer(broken);
        }
        if (!connection.takesOutput()) {
            return false; // cut, by the rules or to make room
        }
        if (softLimitCheck == null && OutputLimits.overSoft(limits, queued)) {
            softLimitCheck = connection.loop().schedule(TimeUnit.SECONDS.toMillis(limits.softOutboundSeconds()),
                    this::softTimeUp);
        }
        ownQueue().add(bytes);
        connections.outputChanged(before, cost());
        if (before == 0) {
            connections.addPendingWriter(connection);
        }
        return true;
    }

    private void softTimeUp() {
        softLimitCheck = null;
        if (connection.isOpen()) {
            cutSlowConsumer(OutputLimits.softTimeUp(connection.limits()));
        }
    }

    /** Closes the connection: its queue broke an output limit, for the reason {@code why}. */
    void cutSlowConsumer(String why) {
        log.info("closing slow consumer {}: {}", connection, why);
        connection.loop().stats().slowConsumerCuts++;
        connection.close("slow consumer: " + why);
    }

    /**
     * Writes what the write budget allows, with one write, and asks for OP_WRITE only if
     * bytes remain.
     *
     * @return whether this write brought a watched queue below its low water mark after it had
     *         been above the high one
     */
    boolean write() throws IOException {
        Connections connections = connection.connections();
        EventLoop loop = connection.loop();
        long before = cost();
        LoopBuffers buffers = loop.buffers();
        if (tls == null) {
            loop.stats().bytesWritten += queue.writeTo(connection.socket().channel(), buffers.staging());
        } else {
            loop.stats().bytesWritten += tls.write(connection.socket().channel(), queue, buffers, LoopBuffers.WRITE_BUDGET);
            if (tls.isOutboundDone()) {
                queue.clear(); // the stream is closed for sending: what is queued can never be encrypted
            }
        }
        if (!OutputLimits.overSoft(connection.limits(), cost())) {
            cancelSoftLimitCheck(); // measured as when it was set: what the output costs
        }
        connections.outputChanged(before, cost());
        // A TLS queue that waits for the handshake is not waiting for the socket: no OP_WRITE for it.
        connection.socket().writeInterest(tls == null ? !queue.isEmpty() : tls.waitsForSocket(queue));
        boolean writable = queue.becameWritable();
        if (queue.isEmpty()) {
            letGoOfQueue();
        }
        return writable;
    }

    /** Drops everything queued: the connection is closing. */
    void drop() {
        long before = cost();
        boolean plaintextLost = !queue.isEmpty();
        queue.clear();
        if (tls != null) {
            tls.drop(plaintextLost);
        }
        connection.connections().outputChanged(before, 0);
        letGoOfQueue();
    }

    /** An emptied queue goes back to the spares, unless water marks are watched on it. */
    private void letGoOfQueue() {
        if (queue != OutboundBuffer.NONE && !queue.isWatched()) {
            connection.connections().spareQueues().giveBack(queue);
            queue = OutboundBuffer.NONE;
        }
    }

    /**
     * Watches the queue against {@code marks}: it is unwritable ({@link #isWritable}) from going
     * above the high mark until writes bring it below the low one, and then the handler hears
     * {@link ConnectionHandler#onWritable}. Only a producer of bulk data (a file transfer) needs it.
     */
    void watch(WaterMarks marks) {
        ownQueue().watch(marks);
    }

    /** The queue to add to or watch: a connection's own, made when it first needs one. */
    private OutboundBuffer ownQueue() {
        if (queue == OutboundBuffer.NONE) {
            queue = connection.connections().spareQueues().take();
        }
        return queue;
    }

    boolean isWritable() {
        return queue.isWritable();
    }

    /** Whether nothing waits to be written: no plaintext queued and, with TLS, no ciphertext nor handshake message. */
    boolean isEmpty() {
        return queue.isEmpty() && (tls == null || !tls.hasOutput());
    }

    /**
     * Whether waiting for more would gain nothing: the queue fills a write already, or it is a
     * watched one (a file's chunks), whose sender is paced by this queue's draining.
     */
    boolean fillsAWrite() {
        return queue.isWatched() || queue.bytes() >= LoopBuffers.WRITE_BUDGET;
    }

    /** When what is queued began to wait, as System.nanoTime; meaningless while nothing is. */
    long queuedSince() {
        return queue.since();
    }

    /** Bytes queued for the peer and not yet written. */
    long bytes() {
        return tls == null ? queue.bytes() : queue.bytes() + tls.unsentCost();
    }

    /** This queue's part of what the output costs the client memory budget: see {@link OutboundBuffer#share}. */
    long share() {
        return tls == null ? queue.share() : queue.share() + tls.unsentCost();
    }

    /** The queue is no longer held to the soft limit's grace time: it went under, or the connection is closing. */
    void cancelSoftLimitCheck() {
        if (softLimitCheck != null) {
            softLimitCheck.cancel();
            softLimitCheck = null;
        }
    }
}
