package reactorchat.reactor;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.function.LongPredicate;

/**
 * The one budget for all the memory clients make the server hold (--max-client-memory): output
 * queues, and whatever the upper layers charge through {@link MemoryBudget} (held input,
 * unfinished frames, chat state, transfers). Loop thread only.
 *
 * <p>A broadcast's buffer sits in many queues but is one allocation: it is counted once, when the
 * first queue takes it, and given back when the last one lets go. Each queue entry's own slot is
 * counted per queue.
 */
public final class ClientMemory {
    /**
     * Heap an output buffer costs beyond its bytes: the buffer object and its array's header. A
     * queue of short lines of its own (a flooder's echoes) costs several times their bytes.
     */
    static final int BUFFER_OVERHEAD = 64;

    private long limit;
    private long used;
    private long output;
    /** Queues holding each output buffer now; an entry lives exactly while some queue holds the buffer. */
    private final IdentityHashMap<ByteBuffer, int[]> holders = new IdentityHashMap<>();
    /** Frees room for bytes that do not fit, if it can; says whether they fit then. */
    private LongPredicate reclaimer = bytes -> false;

    /** @param limit bytes in all, 0 for unlimited */
    public ClientMemory(long limit) {
        setLimit(limit);
    }

    /** A new limit, e.g. on reload; what is held already stays and counts against it. */
    public void setLimit(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("the client memory limit must be 0 (unlimited) or more");
        }
        this.limit = limit;
    }

    /** What makes room when a charge does not fit: the connections registry, which cuts the biggest holders. */
    void reclaimWith(LongPredicate reclaimer) {
        this.reclaimer = reclaimer;
    }

    /** Asks for room for {@code bytes} that do not fit, which may cut connections; whether they fit then. */
    boolean makeRoom(long bytes) {
        return reclaimer.test(bytes);
    }

    /** Bytes in all, 0 for unlimited. */
    public long limit() {
        return limit;
    }

    /** Bytes charged now. */
    public long used() {
        return used;
    }

    /** Whether {@code bytes} more still fit. */
    boolean fits(long bytes) {
        return limit == Limits.UNLIMITED || used + bytes <= limit;
    }

    /** Whether more is charged than the limit allows (output can push it over: a reader is not refused its room's lines). */
    boolean isOver() {
        return limit != Limits.UNLIMITED && used > limit;
    }

    /**
     * A budget for state that belongs to no connection, e.g. the chat's rooms. It may take at most
     * half the limit, and a charge that does not fit is refused without cutting anyone: such state
     * lasts, and what users built up over hours must not crowd out the input and output of the
     * connections, nor get readers cut to make room for more of it.
     */
    public MemoryBudget shared() {
        return new Account(false);
    }

    /** A budget that also counts what one connection holds. */
    Account newAccount() {
        return new Account(true);
    }

    /** Bytes the output queues hold now, a shared buffer counted once, their slots included. */
    public long output() {
        return output;
    }

    /** How many queues hold {@code buffer} now. */
    int holders(ByteBuffer buffer) {
        int[] count = holders.get(buffer);
        return count == null ? 0 : count[0];
    }

    /** What queuing {@code buffer} once more adds to the total. */
    long costToQueue(ByteBuffer buffer) {
        return OutboundBuffer.ENTRY_OVERHEAD + (holders.containsKey(buffer) ? 0 : cost(buffer));
    }

    /** One queue takes {@code buffer}: its bytes count only if no other queue holds it yet. */
    void queued(ByteBuffer buffer) {
        int[] count = holders.get(buffer);
        if (count != null) {
            count[0]++;
            return;
        }
        holders.put(buffer, new int[] {1});
        chargeOutput(cost(buffer));
    }

    /** One queue let go of {@code buffer}, written or dropped. */
    void dequeued(ByteBuffer buffer) {
        int[] count = holders.get(buffer);
        if (--count[0] == 0) {
            holders.remove(buffer);
            releaseOutput(cost(buffer));
        }
    }

    /** What one buffer costs the heap, whichever queues hold it. */
    static long cost(ByteBuffer buffer) {
        return buffer.remaining() + BUFFER_OVERHEAD;
    }

    /** Output is never refused here: a reader gets its room's lines, and the output limits cut whoever holds too much. */
    void chargeOutput(long bytes) {
        output += bytes;
        used += bytes;
    }

    void releaseOutput(long bytes) {
        output -= bytes;
        used -= bytes;
    }

    /**
     * What one owner (a connection, or the chat) holds of the total. A connection's account is
     * charged for what the upper layers hold for it (held input, an unfinished frame) before it is
     * allocated, and gives all of it back when the connection closes.
     */
    public final class Account implements MemoryBudget {
        /** Whether a charge that does not fit may cut connections to make room. */
        private final boolean reclaims;
        private long held;
        private boolean closed;

        private Account(boolean reclaims) {
            this.reclaims = reclaims;
        }

        @Override
        public boolean tryCharge(long bytes) {
            if (closed) {
                return false;
            }
            if (!reclaims) {
                if (limit != Limits.UNLIMITED && held + bytes > limit / 2 || !fits(bytes)) {
                    return false;
                }
            } else if (!fits(bytes) && (!makeRoom(bytes) || closed)) {
                return false; // closed: making room cut this very connection, which gave all back
            }
            used += bytes;
            held += bytes;
            return true;
        }

        @Override
        public void release(long bytes) {
            if (closed) {
                return; // given back already, all at once
            }
            used -= bytes;
            held -= bytes;
        }

        /** Bytes charged here and not yet released. */
        long held() {
            return held;
        }

        /** Gives back all this owner still holds: it is gone, and charges nothing more. */
        void releaseAll() {
            used -= held;
            held = 0;
            closed = true;
        }
    }
}
