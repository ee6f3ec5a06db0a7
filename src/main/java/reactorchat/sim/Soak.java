package reactorchat.sim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a soak run adds to the chatters: churn, slow readers, the server's figures, and a report
 * line every {@link SoakOptions#reportEveryNanos}. Churn and slow readers run from the first send
 * to the end of the measured time. Drift compares the server's lowest heap and descriptor samples
 * in the first quarter of the measured windows with those in the last quarter: a quarter of a long
 * run spans several old-generation collections, so its lowest heap sample is near the live heap,
 * where one window's may still hold garbage the collector has not yet gone back for.
 */
final class Soak {
    private final ClientLoop loop;
    private final SoakOptions options;
    private final PrintStream out;
    private final boolean json;
    private final Churn churn;
    private final SlowReaders slow;
    private final ServerWatch watch;
    private long startNanos;
    private long measureFromNanos;
    private long measureUntilNanos;
    private long windowStart;
    private long nextReport = Long.MAX_VALUE;
    private boolean running;
    /** The windows that started after the warm-up. */
    private final List<ServerWatch.Window> measured = new ArrayList<>();
    private Summary summary;

    Soak(ClientLoop loop, SimOptions options, PrintStream out) {
        this.loop = loop;
        this.options = options.soak();
        this.out = out;
        this.json = options.json();
        this.churn = new Churn(loop, this.options.churnRate(), options.room() + "-churn");
        this.slow = new SlowReaders(loop, SimClient.Role.SLOW, this.options.slowReaders(),
                this.options.slowSilenceNanos());
        this.watch = this.options.metrics() == null ? null : new ServerWatch(this.options.metrics());
    }

    String churnRoom() {
        return churn.room();
    }

    /** Starts churn, slow readers and the report windows; the chatters start sending now too. */
    void start(long now, long measureFromNanos, long measureUntilNanos) {
        this.startNanos = now;
        this.measureFromNanos = measureFromNanos;
        this.measureUntilNanos = measureUntilNanos;
        this.windowStart = now;
        this.nextReport = now + options.reportEveryNanos();
        this.running = true;
        churn.start(now);
    }

    void tick(long now) {
        if (!running) {
            return;
        }
        if (watch != null) {
            watch.tick(now);
        }
        if (now >= measureUntilNanos) {
            finish(now);
            return;
        }
        churn.tick(now);
        slow.tick(now);
        if (now >= nextReport) {
            report(now);
        }
    }

    long nextWake() {
        if (!running) {
            return Long.MAX_VALUE;
        }
        long next = Math.min(Math.min(nextReport, measureUntilNanos), Math.min(churn.nextWake(), slow.nextWake()));
        return watch == null ? next : Math.min(next, watch.nextWake());
    }

    void joined(SimClient client, long now) {
        switch (client.role) {
            case CHURN -> churn.joined(client);
            case SLOW -> slow.joined(client, now);
            default -> throw new IllegalArgumentException("not a soak client: " + client.role);
        }
    }

    void heard(SimClient client, byte[] bytes, int at, int end) {
        if (client.role == SimClient.Role.CHURN) {
            churn.heard(client, bytes, at, end);
        }
    }

    void closed(SimClient client, SimClient.State was, String reason) {
        switch (client.role) {
            case CHURN -> churn.closed(client, reason);
            case SLOW -> slow.closed(client, was, reason);
            default -> throw new IllegalArgumentException("not a soak client: " + client.role);
        }
    }

    /** The figures once the measured time is over; null before. */
    Summary summary() {
        return summary;
    }

    private void finish(long now) {
        running = false;
        churn.stop();
        slow.stop();
        if (now - windowStart >= options.reportEveryNanos() / 2) {
            report(now); // a last window long enough to compare
        }
        int quarter = Math.max(1, measured.size() / 4);
        ServerWatch.Window first = measured.isEmpty() ? null : ServerWatch.Window.of(measured.subList(0, quarter));
        ServerWatch.Window last = measured.isEmpty() ? null
                : ServerWatch.Window.of(measured.subList(measured.size() - quarter, measured.size()));
        summary = new Summary(options, churn.completed(Churn.Leave.QUIT), churn.completed(Churn.Leave.RESET),
                churn.completed(Churn.Leave.HALF_CLOSE), new LinkedHashMap<>(churn.failures()), slow.cut(),
                slow.notCut(), new LinkedHashMap<>(slow.failures()), first, last,
                watch == null ? null : watch.lastError());
    }

    private void report(long now) {
        ServerWatch.Window window = watch == null ? new ServerWatch.Window() : watch.closeWindow();
        if (windowStart >= measureFromNanos) {
            measured.add(window);
        }
        out.println(json ? jsonLine(now, window) : textLine(now, window));
        out.flush();
        windowStart = now;
        nextReport = now + options.reportEveryNanos();
    }

    private String textLine(long now, ServerWatch.Window w) {
        Tally t = loop.tally();
        long seconds = (now - startNanos) / 1_000_000_000L;
        return String.format(Locale.ROOT, "soak %3d:%02d %-7s | server heap %s-%s MB, fds %s-%s, connections %s,"
                        + " cuts %s, flood pauses %s | chatters: sent %,d, delivered %,d, lost %,d, duplicated %,d,"
                        + " reordered %,d, disconnected %,d | flood lines %,d sent, %,d delivered | churn %,d done,"
                        + " %,d failed | slow readers %,d cut, %,d kept",
                seconds / 60, seconds % 60, windowStart < measureFromNanos ? "warmup" : "measure", mb(w.heapFloor),
                mb(w.heapPeak), n(w.fdsFloor), n(w.fdsPeak), n(w.connectionsFloor), n(w.slowConsumerCuts),
                n(w.floodPauses), t.sent, t.delivered, Math.max(0, t.lost), t.duplicated, t.reordered,
                t.disconnectCount(), t.floodSent, t.floodDelivered, churn.completed(), churn.failedCount(),
                slow.cut(), slow.notCut());
    }

    private String jsonLine(long now, ServerWatch.Window w) {
        Tally t = loop.tally();
        Json j = new Json();
        j.field("seconds", (now - startNanos) / 1_000_000_000L);
        j.field("phase", Json.quote(windowStart < measureFromNanos ? "warmup" : "measure"));
        j.field("heap_floor", w.heapFloor);
        j.field("heap_peak", w.heapPeak);
        j.field("fds_floor", w.fdsFloor);
        j.field("fds_peak", w.fdsPeak);
        j.field("connections_floor", w.connectionsFloor);
        j.field("server_slow_consumer_cuts", w.slowConsumerCuts);
        j.field("server_flood_pauses", w.floodPauses);
        j.field("server_outbound_queued", w.outboundQueued);
        j.field("samples", w.samples);
        j.field("sample_failures", w.failures);
        j.field("sent", t.sent);
        j.field("delivered", t.delivered);
        j.field("lost", Math.max(0, t.lost));
        j.field("duplicated", t.duplicated);
        j.field("reordered", t.reordered);
        j.field("disconnected", t.disconnectCount());
        j.field("flood_sent", t.floodSent);
        j.field("flood_delivered", t.floodDelivered);
        j.field("churn_cycles", churn.completed());
        j.field("churn_failed", churn.failedCount());
        j.field("slow_cut", slow.cut());
        j.field("slow_not_cut", slow.notCut());
        return j.close();
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "?" : Long.toString(bytes >> 20);
    }

    private static String n(long value) {
        return value < 0 ? "?" : Long.toString(value);
    }

    /** A soak's figures at its end, and what in them is a problem. */
    record Summary(SoakOptions options, long quits, long resets, long halfCloses, Map<String, Integer> churnFailures,
                   int slowCut, int slowNotCut, Map<String, Integer> slowFailures, ServerWatch.Window baseline,
                   ServerWatch.Window end, String watchError) {
        long churnCycles() {
            return quits + resets + halfCloses;
        }

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            int churnFailed = churnFailures.values().stream().mapToInt(Integer::intValue).sum();
            if (churnFailed > 0) {
                problems.add("churn cycles failed: " + churnFailed);
            }
            if (options.churnRate() > 0 && churnCycles() == 0) {
                problems.add("no churn cycle finished");
            }
            if (slowNotCut > 0) {
                problems.add("slow readers not cut by the server: " + slowNotCut);
            }
            if (options.slowReaders() > 0 && slowCut == 0) {
                problems.add("no slow reader was cut");
            }
            if (options.metrics() != null) {
                drift(problems);
            }
            return problems;
        }

        /** Heap floor rise in bytes from the baseline to the end, or null if either was not sampled. */
        Long heapRise() {
            return baseline == null || end == null || baseline.heapFloor < 0 || end.heapFloor < 0 ? null
                    : end.heapFloor - baseline.heapFloor;
        }

        Long fdsRise() {
            return baseline == null || end == null || baseline.fdsFloor < 0 || end.fdsFloor < 0 ? null
                    : end.fdsFloor - baseline.fdsFloor;
        }

        private void drift(List<String> problems) {
            Long heap = heapRise();
            Long fds = fdsRise();
            if (heap == null || fds == null) {
                problems.add("the server's heap and descriptors were not sampled in the first and last quarter"
                        + " of the measured time" + (watchError == null ? "" : " (" + watchError + ")"));
                return;
            }
            if (heap > options.heapToleranceBytes()) {
                problems.add(String.format(Locale.ROOT, "server heap floor rose %d MB (tolerance %d MB)", heap >> 20,
                        options.heapToleranceBytes() >> 20));
            }
            if (fds > options.fdTolerance()) {
                problems.add(String.format(Locale.ROOT, "server open descriptors rose %d (tolerance %d)", fds,
                        options.fdTolerance()));
            }
        }
    }
}
