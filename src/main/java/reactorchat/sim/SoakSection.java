package reactorchat.sim;

import java.util.Locale;

/**
 * A soak's part of the report: its rows of the table (churn, slow readers, the server's heap and
 * descriptors and their drift) and its JSON object. A figure the soak could not read is "?" in
 * the table and -1 or null in the JSON.
 */
final class SoakSection {
    private SoakSection() {
    }

    static void rows(StringBuilder t, Soak.Summary soak) {
        row(t, "churn", f("%,d cycles: %,d quit, %,d reset, %,d half-closed; %,d failed", soak.churnCycles(),
                soak.quits(), soak.resets(), soak.halfCloses(),
                soak.churnFailures().values().stream().mapToInt(Integer::intValue).sum()));
        TableRows.reasons(t, Report.WIDTH, "churn fail", soak.churnFailures());
        row(t, "slow", f("%,d slow readers cut off by the server, %,d not", soak.slowCut(), soak.slowNotCut()));
        TableRows.reasons(t, Report.WIDTH, "slow fail", soak.slowFailures());
        if (soak.options().metrics() == null) {
            row(t, "server", "not watched (no --metrics)");
            return;
        }
        row(t, "server", f("lowest in the first quarter: heap %s MB, fds %s; in the last quarter: heap %s MB, fds %s",
                mb(soak.baseline() == null ? -1 : soak.baseline().heapFloor),
                count(soak.baseline() == null ? -1 : soak.baseline().fdsFloor),
                mb(soak.end() == null ? -1 : soak.end().heapFloor),
                count(soak.end() == null ? -1 : soak.end().fdsFloor)));
        row(t, "drift", f("heap %s MB (tolerance %d), fds %s (tolerance %d)",
                soak.heapRise() == null ? "?" : Long.toString(soak.heapRise() >> 20),
                soak.options().heapToleranceBytes() >> 20, soak.fdsRise() == null ? "?" : soak.fdsRise().toString(),
                soak.options().fdTolerance()));
    }

    static String json(Soak.Summary soak) {
        Json j = new Json();
        j.field("churn_cycles", soak.churnCycles());
        j.field("churn_quit", soak.quits());
        j.field("churn_reset", soak.resets());
        j.field("churn_half_close", soak.halfCloses());
        j.field("churn_failures", Report.reasonsJson(soak.churnFailures()));
        j.field("slow_cut", soak.slowCut());
        j.field("slow_not_cut", soak.slowNotCut());
        j.field("slow_failures", Report.reasonsJson(soak.slowFailures()));
        j.field("heap_floor_first_quarter", soak.baseline() == null ? -1 : soak.baseline().heapFloor);
        j.field("heap_floor_last_quarter", soak.end() == null ? -1 : soak.end().heapFloor);
        j.field("fds_floor_first_quarter", soak.baseline() == null ? -1 : soak.baseline().fdsFloor);
        j.field("fds_floor_last_quarter", soak.end() == null ? -1 : soak.end().fdsFloor);
        j.field("heap_rise", soak.heapRise() == null ? "null" : soak.heapRise());
        j.field("fds_rise", soak.fdsRise() == null ? "null" : soak.fdsRise());
        return j.close();
    }

    private static void row(StringBuilder t, String name, String value) {
        TableRows.row(t, Report.WIDTH, name, value);
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "?" : Long.toString(bytes >> 20);
    }

    private static String count(long value) {
        return value < 0 ? "?" : Long.toString(value);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
