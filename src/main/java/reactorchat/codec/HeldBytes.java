package reactorchat.codec;

import reactorchat.reactor.MemoryBudget;

/**
 * The bytes a decoder keeps between reads: an unfinished line or frame, and the rest of a read
 * held while the decoder is paused. Every byte of its array is charged to a {@link MemoryBudget}
 * before the array is allocated, and given back when the array is dropped, so what a client makes
 * the server hold here counts against the server's total.
 *
 * <p>The array grows as bytes arrive, doubling what is kept, never past what the decoder says the
 * unfinished message can still need: a client that declares a long message and sends little of it
 * makes the server hold little.
 *
 * <p>A decoder that hands a slice of the array over to keep (a frame's body) calls {@link #lend}:
 * the array is then never written again, and what is appended later goes to a new one.
 */
public final class HeldBytes {
    private final MemoryBudget budget;
    private byte[] array;
    private int start;
    private int end;
    private boolean lent;

    public HeldBytes(MemoryBudget budget) {
        this.budget = budget;
    }

    /**
     * Appends {@code bytes[from, to)}.
     *
     * @param most the most this may need to hold once these bytes are in (the unfinished message's
     *             whole length); growth stops there, though never short of what is appended
     * @return false if the budget refused the memory: nothing was appended, nothing allocated
     */
    public boolean append(byte[] bytes, int from, int to, long most) {
        int count = to - from;
        if (count == 0) {
            return true;
        }
        int kept = end - start;
        int needed = kept + count;
        boolean writable = array != null && !lent;
        if (!writable || array.length - end < count) {
            if (writable && array.length >= needed) {
                System.arraycopy(array, start, array, 0, kept);
                start = 0;
                end = kept;
            } else if (!grow(needed, most)) {
                return false;
            }
        }
        System.arraycopy(bytes, from, array, end, count);
        end += count;
        return true;
    }

    private boolean grow(int needed, long most) {
        int capacity = (int) Math.max(needed, Math.min(2L * (end - start), most));
        if (!budget.tryCharge(capacity)) {
            return false;
        }
        byte[] grown = new byte[capacity];
        int kept = end - start;
        if (kept > 0) {
            System.arraycopy(array, start, grown, 0, kept);
        }
        dropArray();
        array = grown;
        start = 0;
        end = kept;
        return true;
    }

    /** The array holding the bytes, from {@link #start} to {@link #end}; null while none are held. */
    public byte[] array() {
        return array;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public int size() {
        return end - start;
    }

    public boolean isEmpty() {
        return start == end;
    }

    /** Bytes charged now: the array's length, used or not. */
    public int charged() {
        return array == null ? 0 : array.length;
    }

    /** The bytes before {@code upTo} are done with; the array is dropped once none are left. */
    public void consumedTo(int upTo) {
        start = upTo;
        if (start == end) {
            clear();
        }
    }

    /** A slice of the array has been handed over to keep: it is never written again. */
    public void lend() {
        lent = true;
    }

    /** Drops everything held and gives its memory back. */
    public void clear() {
        dropArray();
        start = 0;
        end = 0;
    }

    private void dropArray() {
        if (array != null) {
            budget.release(array.length);
            array = null;
            lent = false;
        }
    }
}
