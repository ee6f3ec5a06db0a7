package reactorchat.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * One connection's output queue: the buffers themselves, shared with other queues and never
 * changed, copied into one write and taken off the front as the kernel accepts them. It also
 * keeps the queue's level against {@link WaterMarks} and its cost in the server's
 * {@link ClientMemory}, where a buffer shared by many queues counts once.
 */
final class OutboundBuffer {
    /**
     * Heap a queued buffer costs beyond its bytes: its slot in the deque, whose array may be up to
     * twice as long as needed. A queue of many short lines costs more than their bytes.
     */
    static final int ENTRY_OVERHEAD = 16;
    /** The most buffers a deque may have held and still be kept once empty; its array is then small. */
    private static final int KEPT_DEQUE_PEAK = 16;

    /**
     * The queue of every connection with nothing queued and no water marks watched: most are
     * idle, and an idle connection should cost as little as it can. Nothing is ever added to it.
     */
    static final OutboundBuffer NONE = new OutboundBuffer(null);

    private final ClientMemory memory;
    private ArrayDeque<ByteBuffer> queue;
    /** The most buffers {@link #queue} has held at once: a deque never shrinks. */
    private int peak;
    private long bytes;
    /** Bytes of the first buffer already written. */
    private int headWritten;
    /** Null: the level is not watched. */
    private WaterMarks marks;
    private boolean unwritable;
    /** When the oldest bytes still queued were queued, as System.nanoTime. */
    private long since;

    OutboundBuffer(ClientMemory memory) {
        this.memory = memory;
    }

    /** Queues {@code buffer}, which nobody may change from now on. */
    void add(ByteBuffer buffer) {
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        if (bytes == 0) {
            since = System.nanoTime();
        }
        queue.add(buffer);
        peak = Math.max(peak, queue.size());
        bytes += buffer.remaining();
        memory.queued(buffer);
        memory.chargeOutput(ENTRY_OVERHEAD);
        if (marks != null && bytes > marks.high()) {
            unwritable = true;
        }
    }

    /** When what is queued began to wait, as System.nanoTime. */
    long since() {
        return since;
    }

    /** Bytes queued and not yet written. */
    long bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return bytes == 0;
    }

    /** What this queue costs the heap as seen from this connection alone: its bytes and its slots. */
    long cost() {
        return queue == null ? 0 : bytes + (long) queue.size() * ENTRY_OVERHEAD;
    }

    /**
     * This queue's part of what the output costs the budget: each buffer's bytes divided among
     * the queues that hold it, and the slots. A reader of a busy room holds many shared buffers
     * but costs little. It walks the queue: for the rare moments the budget is full.
     */
    long share() {
        if (queue == null) {
            return 0;
        }
        long cost = (long) queue.size() * ENTRY_OVERHEAD;
        for (ByteBuffer buffer : queue) {
            cost += ClientMemory.cost(buffer) / Math.max(1, memory.holders(buffer));
        }
        return cost;
    }

    /**
     * Copies the front of the queue into {@code staging} (a direct buffer the loop lends) until it
     * is full or the queue ends, writes that with one system call, and takes what the kernel took
     * off the queue. The JDK would copy each heap buffer into a direct buffer of its own for a
     * gathering write anyway; one copy into one buffer spares it that bookkeeping for every buffer
     * (docs/benchmarks.md, "One copy per write"). The shared buffers are read by index, never moved.
     *
     * @return the bytes written
     */
    long writeTo(WritableByteChannel channel, ByteBuffer staging) throws IOException {
        stage(staging, staging.capacity());
        long written = channel.write(staging);
        consume(written);
        return written;
    }

    /**
     * Encrypts the front of the queue into {@code net} with one wrap (at most one record), staged
     * as {@link #writeTo} stages it, and takes what the engine consumed off the queue.
     */
    SSLEngineResult wrapInto(SSLEngine engine, ByteBuffer net, ByteBuffer staging) throws SSLException {
        stage(staging, engine.getSession().getApplicationBufferSize());
        SSLEngineResult result = engine.wrap(staging, net);
        consume(result.bytesConsumed());
        return result;
    }

    /** Clears {@code staging} and copies up to {@code most} bytes from the front of the queue into it, flipped. */
    private void stage(ByteBuffer staging, int most) {
        staging.clear().limit(Math.min(most, staging.capacity()));
        int skip = headWritten;
        for (ByteBuffer buffer : queue) {
            int from = buffer.position() + skip;
            int length = Math.min(buffer.limit() - from, staging.remaining());
            staging.put(staging.position(), buffer, from, length);
            staging.position(staging.position() + length);
            skip = 0;
            if (!staging.hasRemaining()) {
                break;
            }
        }
        staging.flip();
    }

    /**
     * Whether the last write brought a watched queue below its low water mark after it had been
     * above the high one: a producer held back for this peer may go on. Answers true once.
     */
    boolean becameWritable() {
        if (unwritable && bytes < marks.low()) {
            unwritable = false;
            return true;
        }
        return false;
    }

    /** Takes {@code written} bytes off the front. */
    void consume(long written) {
        bytes -= written;
        while (written > 0) {
            ByteBuffer head = queue.peekFirst();
            int left = head.remaining() - headWritten;
            if (written >= left) {
                release(queue.pollFirst());
                written -= left;
                headWritten = 0;
            } else {
                headWritten += (int) written;
                written = 0;
            }
        }
        if (bytes == 0 && (marks != null || peak > KEPT_DEQUE_PEAK)) {
            // A watched queue stays with its connection, and a grown one may be reused: one burst
            // would leave a big array on every idle connection.
            queue = null;
            peak = 0;
        }
    }

    /** Drops everything queued: the connection is closing. */
    void clear() {
        if (queue == null) {
            return; // nothing queued, and NONE is never written to
        }
        for (ByteBuffer buffer : queue) {
            release(buffer);
        }
        queue = null;
        peak = 0;
        bytes = 0;
        headWritten = 0;
        unwritable = false;
    }

    void watch(WaterMarks marks) {
        this.marks = marks;
        unwritable = bytes > marks.high();
    }

    /** Whether the level is watched against water marks: such a queue is kept even when empty. */
    boolean isWatched() {
        return marks != null;
    }

    /** False from going above the high water mark until below the low one; always true if not watched. */
    boolean isWritable() {
        return !unwritable;
    }

    private void release(ByteBuffer buffer) {
        memory.dequeued(buffer);
        memory.releaseOutput(ENTRY_OVERHEAD);
    }
}
