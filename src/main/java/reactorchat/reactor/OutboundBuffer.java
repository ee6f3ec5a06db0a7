package reactorchat.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * One connection's output queue: the buffers themselves, shared with other queues and moved
 * only for the length of a write, gathered into one write and taken off the front as the kernel
 * accepts them. It also keeps the queue's level against {@link WaterMarks} and its
 * cost in the server's {@link ClientMemory}, where a buffer shared by many queues counts once.
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
     * Writes the first buffers with one gathering write of at most {@code gather.length} buffers
     * and not many more than {@code budget} bytes, and takes what the kernel took off the queue.
     * The shared buffers themselves go into the write, the first moved past what an earlier write
     * took of it, and their positions are put back before anyone else can look: only the loop
     * thread writes, and a write makes no object per recipient.
     *
     * @param positions where each gathered buffer's position was, as long as {@code gather}
     * @return the bytes written
     */
    long writeTo(GatheringByteChannel channel, ByteBuffer[] gather, int[] positions, int budget) throws IOException {
        int count = gather(gather, positions, budget);
        long written;
        try {
            written = channel.write(gather, 0, count);
        } finally {
            putBack(gather, positions, count);
        }
        consume(written);
        return written;
    }

    /**
     * Encrypts the first buffers into {@code net} with one wrap (at most one record), gathered and
     * put back as {@link #writeTo} does, and takes what the engine consumed off the queue.
     */
    SSLEngineResult wrapInto(SSLEngine engine, ByteBuffer net, ByteBuffer[] gather, int[] positions)
            throws SSLException {
        int count = gather(gather, positions, engine.getSession().getApplicationBufferSize());
        SSLEngineResult result;
        try {
            result = engine.wrap(gather, 0, count, net);
        } finally {
            putBack(gather, positions, count);
        }
        consume(result.bytesConsumed());
        return result;
    }

    /** Puts the first buffers into {@code gather}, the first moved past what was written of it; returns how many. */
    private int gather(ByteBuffer[] gather, int[] positions, int budget) {
        int count = 0;
        long batch = 0;
        for (ByteBuffer buffer : queue) {
            if (isGathered(gather, count, buffer)) {
                break; // one buffer queued twice (a constant line): one position each, so one at a time
            }
            positions[count] = buffer.position();
            if (count == 0) {
                buffer.position(buffer.position() + headWritten);
            }
            gather[count++] = buffer;
            batch += buffer.remaining();
            if (count == gather.length || batch >= budget) {
                break;
            }
        }
        return count;
    }

    private static void putBack(ByteBuffer[] gather, int[] positions, int count) {
        for (int i = 0; i < count; i++) {
            gather[i].position(positions[i]);
        }
        Arrays.fill(gather, 0, count, null);
    }

    private static boolean isGathered(ByteBuffer[] gather, int count, ByteBuffer buffer) {
        for (int i = 0; i < count; i++) {
            if (gather[i] == buffer) {
                return true;
            }
        }
        return false;
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
