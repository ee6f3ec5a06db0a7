package reactorchat.testing;

import reactorchat.reactor.MemoryBudget;

/** A memory budget of a fixed size that counts what the code under test charges and gives back. */
public final class CountingBudget implements MemoryBudget {
    /** What fits; a test may lower it to make the next charge fail. */
    public long limit;
    public long used;
    public int charges;

    public CountingBudget(long limit) {
        this.limit = limit;
    }

    @Override
    public boolean tryCharge(long bytes) {
        if (used + bytes > limit) {
            return false;
        }
        used += bytes;
        charges++;
        return true;
    }

    @Override
    public void release(long bytes) {
        used -= bytes;
        if (used < 0) {
            throw new AssertionError("released more than was charged");
        }
    }
}
