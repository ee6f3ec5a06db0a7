package reactorchat.reactor;

/**
 * What the loop has done since it started, for metrics and the periodic log line. Counted on the
 * loop thread, and read there too: the metrics dialect answers from within the loop.
 */
public final class LoopStats {
    /** Upper bounds, in seconds, of the buckets of loop pass times (the work of a pass, not its wait). */
    public static final double[] PASS_BUCKETS = {0.0001, 0.001, 0.01, 0.1, 1};

    private final long[] passCounts = new long[PASS_BUCKETS.length + 1];
    private double passSecondsTotal;
    long bytesRead;
    long bytesWritten;
    long accepted;
    long refused;
    long slowConsumerCuts;
    long floodPauses;
    long floodCuts;
    long backPressurePauses;
    long errorCuts;
    long memoryCuts;

    void recordPass(long nanos) {
        double seconds = nanos / 1e9;
        passSecondsTotal += seconds;
        int bucket = 0;
        while (bucket < PASS_BUCKETS.length && seconds > PASS_BUCKETS[bucket]) {
            bucket++;
        }
        passCounts[bucket]++;
    }

    /** Passes whose time was at most {@code PASS_BUCKETS[i]}, cumulative as Prometheus wants; the last is all. */
    public long passesAtMost(int bucket) {
        long total = 0;
        for (int i = 0; i <= bucket; i++) {
            total += passCounts[i];
        }
        return total;
    }

    public long passes() {
        return passesAtMost(PASS_BUCKETS.length);
    }

    public double passSecondsTotal() {
        return passSecondsTotal;
    }

    public long bytesRead() {
        return bytesRead;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    public long accepted() {
        return accepted;
    }

    public long refused() {
        return refused;
    }

    public long slowConsumerCuts() {
        return slowConsumerCuts;
    }

    public long floodPauses() {
        return floodPauses;
    }

    /** Connections given up on by flood control's hard line (--flood-timeout). */
    public long floodCuts() {
        return floodCuts;
    }

    /** Connections closed for holding more than their share of a full client memory budget. */
    public long memoryCuts() {
        return memoryCuts;
    }

    /** Connections closed because serving them ran into an error such as running out of memory. */
    public long errorCuts() {
        return errorCuts;
    }

    /** Times a connection's reads were suspended because a peer it sends to was not keeping up. */
    public long backPressurePauses() {
        return backPressurePauses;
    }
}
