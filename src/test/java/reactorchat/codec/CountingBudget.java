package reactorchat.codec;

import reactorchat.reactor.MemoryBudget;

/** A memory budget with a limit that counts what the decoder under test charges. */
final class CountingBudget implements MemoryBudget {
    private final long limit;
    long used;
    int charges;

    CountingBudget(long limit) {
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
