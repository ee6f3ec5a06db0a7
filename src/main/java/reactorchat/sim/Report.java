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
 * @param simulatorCpu       share of one core the simulator used while measuring, all its threads together,
 *                           or -1 if unknown
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
    /** Above this share of a core per thread the simulator, not the server, may be what limits the numbers. */
    static final double BUSY_SIMULATOR = 0.9;
    /** The table's first column. */
    static final int WIDTH = 11;

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
        row(t, "target", options.dialect().name().toLowerCase(Locale.ROOT) + (options.tls() == null ? "" : "+tls") + " "
                + options.target().getHostString()
                + ":" + options.target().getPort() + ", room " + options.room());
        row(t, "clients", f("%,d requested, %,d opened, %,d joined%s", options.clients(), opened, joined,
                options.threads() == 1 ? "" : f(", on %d threads", options.threads())));
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
                        simulatorCpu / options.cores() > BUSY_SIMULATOR
                                ? " (busy: the simulator may be what limits these numbers)"
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
            SoakSection.rows(t, soak);
        }
        reasons(t, "not joined", setupFailures);
        reasons(t, "disconnect", disconnects);
        TableRows.verdict(t, WIDTH, osLimit, problems());
        return t.toString();
    }

    @Override
    public String json() {
        Json j = new Json();
        j.field("target", Json.quote(options.target().getHostString() + ":" + options.target().getPort()));
        j.field("dialect", Json.quote(options.dialect().name().toLowerCase(Locale.ROOT)));
        j.field("tls", options.tls() != null);
        j.field("room", Json.quote(options.room()));
        j.field("idle", options.idle());
        j.field("clients", options.clients());
        j.field("opened", opened);
        j.field("joined", joined);
        j.field("senders", Math.min(options.senders(), joined));
        j.field("rate", trim(options.rate()));
        j.field("size", options.size());
        j.field("measured_seconds", trim(measuredSeconds));
        j.field("recipients", recipients);
        j.field("sent", sent);
        j.field("sent_measured", sentMeasured);
        j.field("expected_deliveries", expectedMeasured());
        j.field("deliveries", deliveredMeasured);
        j.field("deliveries_per_second", Math.round(deliveriesPerSecond()));
        j.field("lost", lost);
        j.field("late", late);
        j.field("held_back", heldBack);
        j.field("duplicated", duplicated);
        j.field("reordered", reordered);
        j.field("disconnected", disconnected());
        j.field("foreign_lines", foreign);
        Json latency = new Json();
        for (int i = 0; i < PERCENTILE_NAMES.length; i++) {
            latency.field(PERCENTILE_NAMES[i], millis(latencyNanos[i]));
        }
        j.field("latency_ms", latency.close());
        j.field("latency_samples", latencySamples);
        j.field("probes", options.probes());
        j.field("threads", options.threads());
        j.field("simulator_cpu", simulatorCpu < 0 ? "null" : f("%.2f", simulatorCpu));
        j.field("server_pid", serverPid < 0 ? "null" : Long.toString(serverPid));
        j.field("server_cpu", serverCpuSeconds < 0 || measuredSeconds == 0 ? "null"
                : f("%.2f", serverCpuSeconds / measuredSeconds));
        j.field("server_cpu_us_per_delivery", serverMicrosPerDelivery() < 0 ? "null"
                : f("%.3f", serverMicrosPerDelivery()));
        j.field("not_joined", reasonsJson(setupFailures));
        j.field("disconnects", reasonsJson(disconnects));
        j.field("os_limit", osLimit == null ? "null" : Json.quote(osLimit));
        j.field("silent", options.silent());
        j.field("silent_cut", silentCut);
        j.field("silent_not_cut", silentNotCut);
        j.field("flood_sent", floodSent);
        j.field("flood_deliveries", floodDelivered);
        j.field("flood_latest_ms", millis(floodLateMaxNanos));
        if (soak != null) {
            j.field("soak", SoakSection.json(soak));
        }
        j.field("exit", exitCode());
        return j.close();
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

    static String reasonsJson(Map<String, Integer> reasons) {
        Json j = new Json();
        reasons.forEach(j::field);
        return j.close();
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
