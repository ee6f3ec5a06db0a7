package reactorchat.sim;

import java.util.Arrays;

/**
 * Counts of non-negative values (nanoseconds here) in log-linear buckets: each power of two is
 * cut into {@value #SUB_BUCKETS} equal slices, so a reported value is within 1/256 (0.4%) of every
 * value in its bucket. That meets the 1% bound with fixed memory (about 60 KB) and O(1) recording,
 * which matters at millions of deliveries a second.
 */
final class Histogram {
    private static final int SUB_BITS = 7;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    /** Values below 2^LINEAR_BITS get a bucket each; above, the bucket width doubles per octave. */
    private static final int LINEAR_BITS = SUB_BITS + 1;
    private static final int BUCKETS = (64 - SUB_BITS + 1) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    void record(long value) {
        long v = Math.max(0, value);
        counts[index(v)]++;
        total++;
        max = Math.max(max, v);
    }

    void add(Histogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    void reset() {
        Arrays.fill(counts, 0);
        total = 0;
        max = 0;
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /**
     * The value at {@code percentile} (0..100]: the middle of the bucket holding that rank, never
     * above the largest value recorded. 0 when empty.
     */
    long percentile(double percentile) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(total * percentile / 100.0));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, middle(i));
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < (1L << LINEAR_BITS)) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;
        int sub = (int) (v >>> shift) - SUB_BUCKETS; // 0..127: the slice within this octave
        return (shift + 1) * SUB_BUCKETS + sub;
    }

    /** The middle of bucket {@code index}; exact for the linear buckets. */
    static long middle(int index) {
        if (index < (1 << LINEAR_BITS)) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        long low = ((long) (index % SUB_BUCKETS) + SUB_BUCKETS) << shift;
        return low + ((1L << shift) >>> 1);
    }
}
