package reactorchat.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What an attack run found, as a table for people or one JSON object for scripts. The run passes
 * if the probe stayed connected with every round trip under {@link #MAX_ROUND_TRIP_NANOS}, a new
 * user got an answer after the attack, and no attack saw a problem of its own.
 */
final class AttackReport implements Simulate.Outcome {
    static final long MAX_ROUND_TRIP_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The table's first column: as wide as the longest attack name. */
    private static final int WIDTH = 12;

    /** The server's /metrics before, during and after the attack; windows are null without --metrics. */
    record Server(ServerWatch.Window before, ServerWatch.Window during, ServerWatch.Window after, String lastError) {
    }

    private final AttackOptions options;
    private final List<Attack> attacks;
    private final Probe probe;
    private final Probe newcomer;
    private final long probeWorst;
    private final String osLimit;
    private final Server server;

    AttackReport(AttackOptions options, List<Attack> attacks, Probe probe, Probe newcomer, long endNanos,
                 String osLimit, Server server) {
        this.options = options;
        this.attacks = attacks;
        this.probe = probe;
        this.newcomer = newcomer;
        this.probeWorst = probe.worst(endNanos);
        this.osLimit = osLimit;
        this.server = server;
    }

    @Override
    public int exitCode() {
        return problems().isEmpty() ? Report.CLEAN : Report.PROBLEMS;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!probe.joined()) {
            problems.add("the probe could not join" + because(probe.lostReason()));
            return problems; // no attack was started
        }
        if (probe.lostReason() != null) {
            problems.add("the probe was cut" + because(probe.lostReason()));
        }
        if (probeWorst >= MAX_ROUND_TRIP_NANOS) {
            problems.add("a probe round trip took " + Report.millis(probeWorst) + " ms");
        }
        if (newcomer.roundTrips() == 0) {
            problems.add("no answer to a new user after the attack" + because(newcomer.lostReason()));
        }
        for (Attack attack : attacks) {
            problems.addAll(attack.problems());
        }
        return problems;
    }

    @Override
    public String table() {
        StringBuilder t = new StringBuilder();
        row(t, "attack", f("%s for %.1f s, then the probe %.1f s more; probe on line %s", options.kind().label(),
                options.durationNanos() / 1e9, options.afterNanos() / 1e9, address(options.line())));
        for (Attack attack : attacks) {
            for (Crowd crowd : attack.crowds()) {
                row(t, attack.kind().label(), f("%s: %,d of %,d opened, %,d greeted by the server, %,d failed before, "
                        + "%,d cut after", crowd.label(), crowd.opened(), crowd.size(), crowd.greeted(),
                        crowd.failed(), crowd.cut()));
                TableRows.reasons(t, WIDTH, "  cut", crowd.tally().disconnects);
                TableRows.reasons(t, WIDTH, "  failed", crowd.tally().setupFailures);
            }
            row(t, "", attack.detail());
        }
        row(t, "probe", f("during: %,d round trips, p50 %s  p99 %s  max %s ms; after: %,d, max %s ms; worst %s ms",
                probe.during().count(), Report.millis(probe.during().percentile(50)),
                Report.millis(probe.during().percentile(99)), Report.millis(probe.during().max()),
                probe.after().count(), Report.millis(probe.after().max()), Report.millis(probeWorst)));
        if (probe.lostReason() != null) {
            row(t, "probe cut", probe.lostReason());
        }
        row(t, "new user", newcomer.roundTrips() > 0
                ? "answered after the attack in " + Report.millis(newcomer.after().max()) + " ms"
                : "no answer" + because(newcomer.lostReason()));
        serverRows(t);
        TableRows.verdict(t, WIDTH, osLimit, problems());
        return t.toString();
    }

    @Override
    public String json() {
        Json j = new Json();
        j.field("attack", Json.quote(options.kind().label()));
        j.field("duration_seconds", options.durationNanos() / 1e9);
        for (Attack attack : attacks) {
            Json a = new Json();
            for (Crowd crowd : attack.crowds()) {
                a.field(crowd.label().replace(' ', '_'), new Json().field("size", crowd.size())
                        .field("opened", crowd.opened()).field("greeted", crowd.greeted())
                        .field("failed", crowd.failed()).field("cut", crowd.cut()).close());
            }
            attack.json(a);
            j.field(attack.kind().label(), a.close());
        }
        j.field("probe_round_trips", probe.during().count() + probe.after().count());
        j.field("probe_p99_ms", Report.millis(probe.during().percentile(99)));
        j.field("probe_max_ms", Report.millis(probeWorst));
        j.field("probe_cut", probe.lostReason() == null ? "null" : Json.quote(probe.lostReason()));
        j.field("new_user_answered", newcomer.roundTrips() > 0);
        if (server.during() != null) {
            j.field("heap_before_bytes", server.before() == null ? -1 : server.before().heapPeak);
            j.field("heap_peak_bytes", server.during().heapPeak);
            j.field("heap_after_floor_bytes", server.after().heapFloor);
            j.field("client_memory_peak_bytes", server.during().clientMemoryPeak);
            j.field("connections_at_end", server.after().connectionsLast);
        }
        j.field("problems", problems().size());
        j.field("exit", exitCode());
        return j.close();
    }

    private void serverRows(StringBuilder t) {
        if (options.metrics() == null) {
            row(t, "server", "not watched (no --metrics)");
            return;
        }
        if (server.during() == null || server.during().samples == 0) {
            row(t, "server", "no /metrics sample during the attack" + because(server.lastError()));
            return;
        }
        row(t, "server", f("heap before %s MB, peak during %s MB, lowest after %s MB; client memory peak %s; "
                        + "connections at the end %s", mb(server.before() == null ? -1 : server.before().heapPeak),
                mb(server.during().heapPeak), mb(server.after().heapFloor),
                server.during().clientMemoryPeak < 0 ? "not on /metrics" : mb(server.during().clientMemoryPeak) + " MB",
                server.after().connectionsLast < 0 ? "?" : Long.toString(server.after().connectionsLast)));
        int failures = server.during().failures + server.after().failures;
        if (failures > 0) {
            row(t, "", f("%,d /metrics samples failed%s", failures, because(server.lastError())));
        }
    }

    private static String because(String reason) {
        return reason == null ? "" : " (" + reason + ")";
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "?" : Long.toString(bytes >> 20);
    }

    private static String address(java.net.InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    private static void row(StringBuilder t, String name, String value) {
        TableRows.row(t, WIDTH, name, value);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
