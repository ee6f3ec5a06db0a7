package reactorchat.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run found, and its two printed forms: a table for people and one JSON object for scripts.
 *
 * @param recipients         receivers each message was expected to reach
 * @param measuredSeconds    length of the measured window
 * @param lost               deliveries skipped over: a later message from the same sender came instead
 * @param late               deliveries that came after the drain, while they kept coming
 * @param heldBack           messages no receiver had had when the drain ended: the server had not relayed them
 * @param lateHeldBack       late deliveries of those messages: the server let them through after all
 * @param latencyNanos       p50, p90, p99, p99.9 and max, from each message's intended send time
 * @param latencySamples     measured deliveries the latency is taken from: all, or the senders' and probes'
 * @param simulatorCpu       share of one core the simulator used while measuring, or -1 if unknown
 * @param serverPid          the server's process, or -1 if unknown
 * @param serverCpuSeconds   CPU seconds the server used while measuring, or -1 if unknown
 * @param silentCut          silent clients that were cut off by the server, as they should be
 * @param silentNotCut       silent clients still connected at the end
 * @param floodLateMaxNanos  the longest a flooder's line took to reach a chatter
 * @param soak               a soak's own figures; null for an ordinary run
 */
record Report(SimOptions options, int opened, int joined, int recipients, double measuredSeconds,
              long sent, long sentMeasured, long delivered, long deliveredMeasured,
              long lost, long late, long heldBack, long lateHeldBack, long duplicated, long reordered, long foreign,
              long[] latencyNanos, long latencySamples,
              Map<String, Integer> setupFailures, Map<String, Integer> disconnects, String osLimit,
              double simulatorCpu, long serverPid, double serverCpuSeconds, int silentCut, int silentNotCut,
              long floodSent, long floodDelivered, long floodLateMaxNanos, Soak.Summary soak)
        implements Simulate.Outcome {

    static final int CLEAN = 0;
    static final int PROBLEMS = 3;
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final String[] PERCENTILE_NAMES = {"p50", "p90", "p99", "p99.9", "max"};
    /** Above this share of its core the simulator, not the server, may be what limits the numbers. */
    static final double BUSY_SIMULATOR = 0.9;
    /** The table's first column. */
    private static final int WIDTH = 11;

    static Report of(SimOptions options, Tally tally, int joined, int opened, long measuredNanos,
                     double simulatorCpu, ServerCpu serverCpu, int silentCut, int silentNotCut,
                     Soak.Summary soak) {
        long[] latency = new long[PERCENTILE_NAMES.length];
        for (int i = 0; i < PERCENTILES.length; i++) {
            latency[i] = tally.latency.percentile(PERCENTILES[i]);
        }
        latency[PERCENTILES.length] = tally.latency.max();
        int recipients = options.dialect().echoesSender ? joined : Math.max(0, joined - 1);
        return new Report(options, opened, joined, recipients, Math.max(0, measuredNanos) / 1e9,
                tally.sent, tally.sentMeasured, tally.delivered, tally.deliveredMeasured,
                tally.lost, tally.late, tally.heldBack, tally.lateHeldBack, tally.duplicated, tally.reordered,
                tally.foreign, latency, tally.latency.count(),
                Collections.unmodifiableMap(new LinkedHashMap<>(tally.setupFailures)),
                Collections.unmodifiableMap(new LinkedHashMap<>(tally.disconnects)),
                tally.osLimit, simulatorCpu, serverCpu.pid(), serverCpu.seconds(), silentCut, silentNotCut,
                tally.floodSent, tally.floodDelivered, tally.floodLateMax, soak);
    }

    int notJoined() {
        return options.clients() - joined;
    }

    int disconnected() {
        return disconnects.values().stream().mapToInt(Integer::intValue).sum();
    }

    long expectedMeasured() {
        return sentMeasured * recipients;
    }

    double deliveriesPerSecond() {
        return measuredSeconds == 0 ? 0 : deliveredMeasured / measuredSeconds;
    }

    /** Server CPU per delivery in the measured window, in microseconds; -1 if unknown. */
    double serverMicrosPerDelivery() {
        return serverCpuSeconds < 0 || deliveredMeasured == 0 ? -1 : serverCpuSeconds * 1e6 / deliveredMeasured;
    }

    long latency(String name) {
        return latencyNanos[List.of(PERCENTILE_NAMES).indexOf(name)];
    }

    /** 0 when every client joined and every message arrived once and in order; else 3. */
    @Override
    public int exitCode() {
        return problems().isEmpty() ? CLEAN : PROBLEMS;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (notJoined() > 0) {
            problems.add(notJoined() + " of " + options.clients() + " clients did not join");
        }
        addIf(problems, disconnected(), "disconnected");
        addIf(problems, lost, "lost");
        if (late > 0) {
            problems.add(lateHeldBack == 0 ? f("%,d deliveries late: they came after the drain", late)
                    : f("%,d deliveries late: the server held back %,d of the senders' lines and let them through"
                            + " slower than --rate, as flood control does (start the server with --flood-rate 0"
                            + " for load tests, or lower --rate)", late, heldBack));
        }
        addIf(problems, duplicated, "duplicated");
        addIf(problems, reordered, "reordered");
        if (silentCut < options.silent()) {
            problems.add(f("%,d of %,d silent clients were not cut off", options.silent() - silentCut,
                    options.silent()));
        }
        if (soak != null) {
            problems.addAll(soak.problems());
        }
        return problems;
    }

    @Override
    public String table() {
        StringBuilder t = new StringBuilder();
        row(t, "target", options.dialect().name().toLowerCase(Locale.ROOT) + " " + options.target().getHostString()
                + ":" + options.target().getPort() + ", room " + options.room());
        row(t, "clients", f("%,d requested, %,d opened, %,d joined", options.clients(), opened, joined));
        if (options.idle()) {
            row(t, "idle", f("held %,d connections for %.1f s", joined, options.durationNanos() / 1e9));
        } else {
            row(t, "senders", f("%,d x %s msg/s x %d B, warmup %.1f s, measured %.1f s", Math.min(options.senders(),
                    joined), trim(options.rate()), options.size(), options.warmupNanos() / 1e9, measuredSeconds));
            row(t, "messages", f("%,d sent in the measured window (%,d in all), each to %,d recipients",
                    sentMeasured, sent, recipients));
            row(t, "deliveries", f("%,d of %,d expected, %,.0f/s", deliveredMeasured, expectedMeasured(),
                    deliveriesPerSecond()));
            row(t, "errors", f("lost %,d  late %,d  duplicated %,d  reordered %,d  disconnected %,d", lost, late,
                    duplicated, reordered, disconnected()));
            row(t, "latency ms", f("p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (from intended send time%s)",
                    millis(latencyNanos[0]), millis(latencyNanos[1]), millis(latencyNanos[2]),
                    millis(latencyNanos[3]), millis(latencyNanos[4]), options.probes() == 0 ? ""
                            : f(", at the senders and %,d probes; the others read every %d ms", options.probes(),
                                    options.readIntervalNanos() / 1_000_000)));
            if (simulatorCpu >= 0) {
                row(t, "simulator", f("used %.0f%% of a core while measuring%s", simulatorCpu * 100,
                        simulatorCpu > BUSY_SIMULATOR ? " (busy: the simulator may be what limits these numbers)"
                                : ""));
            }
            if (serverCpuSeconds >= 0 && measuredSeconds > 0) {
                row(t, "server", f("pid %d used %.2f of a core while measuring: %.2f µs of CPU per delivery", serverPid,
                        serverCpuSeconds / measuredSeconds, serverMicrosPerDelivery()));
            }
        }
        if (options.silent() > 0) {
            row(t, "silent", f("%,d of %,d cut off by the server, %,d still connected at the end", silentCut,
                    options.silent(), silentNotCut));
        }
        if (options.flooders() > 0) {
            row(t, "flooders", f("%,d x %,d lines every %d s: %,d lines sent, %,d deliveries, the latest %s ms",
                    options.flooders(), SoakOptions.FLOOD_LINES, SoakOptions.FLOOD_EVERY_NANOS / 1_000_000_000L,
                    floodSent, floodDelivered, millis(floodLateMaxNanos)));
        }
        if (soak != null) {
            soakRows(t);
        }
        reasons(t, "not joined", setupFailures);
        reasons(t, "disconnect", disconnects);
        TableRows.verdict(t, WIDTH, osLimit, problems());
        return t.toString();
    }

    @Override
    public String json() {
        StringBuilder j = new StringBuilder("{");
        field(j, "target", Json.quote(options.target().getHostString() + ":" + options.target().getPort()));
        field(j, "dialect", Json.quote(options.dialect().name().toLowerCase(Locale.ROOT)));
        field(j, "room", Json.quote(options.room()));
        field(j, "idle", options.idle());
        field(j, "clients", options.clients());
        field(j, "opened", opened);
        field(j, "joined", joined);
        field(j, "senders", Math.min(options.senders(), joined));
        field(j, "rate", trim(options.rate()));
        field(j, "size", options.size());
        field(j, "measured_seconds", trim(measuredSeconds));
        field(j, "recipients", recipients);
        field(j, "sent", sent);
        field(j, "sent_measured", sentMeasured);
        field(j, "expected_deliveries", expectedMeasured());
        field(j, "deliveries", deliveredMeasured);
        field(j, "deliveries_per_second", Math.round(deliveriesPerSecond()));
        field(j, "lost", lost);
        field(j, "late", late);
        field(j, "held_back", heldBack);
        field(j, "duplicated", duplicated);
        field(j, "reordered", reordered);
        field(j, "disconnected", disconnected());
        field(j, "foreign_lines", foreign);
        StringBuilder latency = new StringBuilder("{");
        for (int i = 0; i < PERCENTILE_NAMES.length; i++) {
            field(latency, PERCENTILE_NAMES[i], millis(latencyNanos[i]));
        }
        field(j, "latency_ms", close(latency));
        field(j, "latency_samples", latencySamples);
        field(j, "probes", options.probes());
        field(j, "simulator_cpu", simulatorCpu < 0 ? "null" : f("%.2f", simulatorCpu));
        field(j, "server_pid", serverPid < 0 ? "null" : Long.toString(serverPid));
        field(j, "server_cpu", serverCpuSeconds < 0 || measuredSeconds == 0 ? "null"
                : f("%.2f", serverCpuSeconds / measuredSeconds));
        field(j, "server_cpu_us_per_delivery", serverMicrosPerDelivery() < 0 ? "null"
                : f("%.3f", serverMicrosPerDelivery()));
        field(j, "not_joined", reasonsJson(setupFailures));
        field(j, "disconnects", reasonsJson(disconnects));
        field(j, "os_limit", osLimit == null ? "null" : Json.quote(osLimit));
        field(j, "silent", options.silent());
        field(j, "silent_cut", silentCut);
        field(j, "silent_not_cut", silentNotCut);
        field(j, "flood_sent", floodSent);
        field(j, "flood_deliveries", floodDelivered);
        field(j, "flood_latest_ms", millis(floodLateMaxNanos));
        if (soak != null) {
            field(j, "soak", soakJson());
        }
        field(j, "exit", exitCode());
        return close(j);
    }

    private void soakRows(StringBuilder t) {
        row(t, "churn", f("%,d cycles: %,d quit, %,d reset, %,d half-closed; %,d failed", soak.churnCycles(),
                soak.quits(), soak.resets(), soak.halfCloses(),
                soak.churnFailures().values().stream().mapToInt(Integer::intValue).sum()));
        reasons(t, "churn fail", soak.churnFailures());
        row(t, "slow", f("%,d slow readers cut off by the server, %,d not", soak.slowCut(), soak.slowNotCut()));
        reasons(t, "slow fail", soak.slowFailures());
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

    private String soakJson() {
        Json j = new Json();
        j.field("churn_cycles", soak.churnCycles());
        j.field("churn_quit", soak.quits());
        j.field("churn_reset", soak.resets());
        j.field("churn_half_close", soak.halfCloses());
        j.field("churn_failures", reasonsJson(soak.churnFailures()));
        j.field("slow_cut", soak.slowCut());
        j.field("slow_not_cut", soak.slowNotCut());
        j.field("slow_failures", reasonsJson(soak.slowFailures()));
        j.field("heap_floor_first_quarter", soak.baseline() == null ? -1 : soak.baseline().heapFloor);
        j.field("heap_floor_last_quarter", soak.end() == null ? -1 : soak.end().heapFloor);
        j.field("fds_floor_first_quarter", soak.baseline() == null ? -1 : soak.baseline().fdsFloor);
        j.field("fds_floor_last_quarter", soak.end() == null ? -1 : soak.end().fdsFloor);
        j.field("heap_rise", soak.heapRise() == null ? "null" : soak.heapRise());
        j.field("fds_rise", soak.fdsRise() == null ? "null" : soak.fdsRise());
        return j.close();
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "?" : Long.toString(bytes >> 20);
    }

    private static String count(long value) {
        return value < 0 ? "?" : Long.toString(value);
    }

    /** Nanoseconds as milliseconds with enough digits to show the histogram's precision. */
    static String millis(long nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 10 ? "%.3f" : ms < 1000 ? "%.2f" : "%.0f", ms);
    }

    private static void addIf(List<String> problems, long count, String what) {
        if (count > 0) {
            problems.add(f("%,d %s", count, what));
        }
    }

    private static void row(StringBuilder t, String name, String value) {
        TableRows.row(t, WIDTH, name, value);
    }

    private static void reasons(StringBuilder t, String name, Map<String, Integer> reasons) {
        TableRows.reasons(t, WIDTH, name, reasons);
    }

    private static String reasonsJson(Map<String, Integer> reasons) {
        StringBuilder j = new StringBuilder("{");
        reasons.forEach((reason, count) -> field(j, reason, count));
        return close(j);
    }

    private static void field(StringBuilder j, String name, Object value) {
        if (j.length() > 1) {
            j.append(',');
        }
        j.append(Json.quote(name)).append(':').append(value);
    }

    private static String close(StringBuilder j) {
        return j.append('}').toString();
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
