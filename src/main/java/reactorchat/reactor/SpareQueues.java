package reactorchat.reactor;

/**
 * Empty output queues kept for the next connection that needs one. Output that comes to a
 * connection with nothing queued needs a queue, and the queue is written out and empty again a
 * pass or two later: under load every reader takes one and gives it back for every line. Reusing
 * them keeps the write path from making objects per reader per line, while an idle connection
 * still holds no queue at all. At most {@link #MOST} are kept, each with a small deque or none,
 * so that a peak leaves little behind: a line to a room of more readers than that still makes
 * queues for the rest.
 */
final class SpareQueues {
    /** About one per reader of a busy room of a thousand; one keeps up to about 200 B. */
    static final int MOST = 1024;

    private final ClientMemory memory;
    private final OutboundBuffer[] spare = new OutboundBuffer[MOST];
    private int count;

    SpareQueues(ClientMemory memory) {
        this.memory = memory;
    }

    OutboundBuffer take() {
        if (count == 0) {
            return new OutboundBuffer(memory);
        }
        OutboundBuffer queue = spare[--count];
        spare[count] = null;
        return queue;
    }

    /** Keeps {@code queue}, which must be empty and unwatched, unless enough are kept already. */
    void giveBack(OutboundBuffer queue) {
        if (queue == OutboundBuffer.NONE) {
            throw new IllegalStateException("the shared empty queue is no spare"); // every connection would share it
        }
        if (count < MOST) {
            spare[count++] = queue;
        }
    }

    /** How many are kept now; for tests. */
    int count() {
        return count;
    }
}
