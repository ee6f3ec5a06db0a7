package reactorchat.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * What one connection has queued for its peer, under the {@link OutputLimits}: the queue, the
 * soft limit's timer, and the write at the end of the pass. A connection has one only while it
 * has output or watches water marks: most connections are idle, and an idle one should cost as
 * little as it can.
 */
final class ConnectionOutput {
    /** Bytes one connection may write in one pass, so that one fast reader cannot starve the rest. */
    private static final int WRITE_BUDGET = 64 * 1024;

    private final Connection connection;
    private final Connections connections;
    private final OutboundBuffer queue;
    /** Running while the queue is over the soft limit: cuts the connection when its grace time is up. */
    private Timer softLimitCheck;

    ConnectionOutput(Connection connection, Connections connections) {
        this.connection = connection;
        this.connections = connections;
        this.queue = new OutboundBuffer(connections.memory());
    }

    /**
     * Queues {@code bytes} unless they break an output limit, which cuts the connection as a slow
     * consumer; so may making room for them in the budget.
     *
     * @return whether they were queued
     */
    boolean add(ByteBuffer bytes) {
        Limits limits = connection.limits();
        long before = queue.cost();
        long queued = before + bytes.remaining() + OutboundBuffer.ENTRY_OVERHEAD;
        String broken = OutputLimits.broken(limits, queued, bytes, connections);
        if (broken != null) {
            connection.cutSlowConsumer(broken);
        }
        if (!connection.isSending()) {
            return false; // cut, by the rules or to make room
        }
        if (softLimitCheck == null && OutputLimits.overSoft(limits, queued)) {
            long grace = TimeUnit.SECONDS.toMillis(limits.softOutboundSeconds());
            softLimitCheck = connections.loop().schedule(grace, this::softTimeUp);
        }
        queue.add(bytes);
        connections.outputChanged(before, queue.cost());
        if (before == 0) {
            connections.addPendingWriter(connection);
        }
        return true;
    }

    private void softTimeUp() {
        softLimitCheck = null;
        if (connection.isOpen()) {
            connection.cutSlowConsumer(OutputLimits.softTimeUp(connection.limits()));
        }
    }

    /** Writes what the write budget allows; the soft limit's timer stops once the queue is back under it. */
    void write(SocketChannel channel) throws IOException {
        long before = queue.cost();
        EventLoop loop = connections.loop();
        loop.stats().bytesWritten += queue.writeTo(channel, loop.gatherArray(), WRITE_BUDGET);
        if (!OutputLimits.overSoft(connection.limits(), queue.cost())) {
            stopSoftLimitCheck(); // measured as when it was set: what the queue costs
        }
        connections.outputChanged(before, queue.cost());
    }

    /** Drops everything queued: the connection is closing. */
    void drop() {
        stopSoftLimitCheck();
        long before = queue.cost();
        queue.clear();
        connections.outputChanged(before, 0);
    }

    private void stopSoftLimitCheck() {
        if (softLimitCheck != null) {
            softLimitCheck.cancel();
            softLimitCheck = null;
        }
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Whether the connection may let go of this: nothing queued and no water marks watched. */
    boolean isIdle() {
        return queue.isEmpty() && !queue.isWatched();
    }

    void watch(WaterMarks marks) {
        queue.watch(marks);
    }

    boolean isWritable() {
        return queue.isWritable();
    }

    /** See {@link OutboundBuffer#becameWritable}. */
    boolean becameWritable() {
        return queue.becameWritable();
    }

    long bytes() {
        return queue.bytes();
    }

    /** This connection's part of what the output costs the budget; see {@link OutboundBuffer#share}. */
    long share() {
        return queue.share();
    }
}
