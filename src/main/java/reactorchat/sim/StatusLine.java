package reactorchat.sim;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The live line printed once a second on stderr while a run goes on. On several threads every
 * loop hands in its figures each second and the first loop prints their sum. While messages
 * flow, it says when the simulator's own threads were busy enough that the figures may be its
 * own rather than the server's.
 */
final class StatusLine {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream out;
    private final SimOptions options;
    private final ClientLoops crew;
    private final int loop;
    private long started = -1;
    private long nextTick;
    private long lastDelivered;
    private final CpuMeter cpu = new CpuMeter();

    StatusLine(PrintStream out, SimOptions options, ClientLoops crew, int loop) {
        this.out = out;
        this.options = options;
        this.crew = crew;
        this.loop = loop;
    }

    long nextTick() {
        return nextTick;
    }

    /** Prints the line if a second has passed since the last one. */
    void tick(long now, ClientLoop.Phase phase, Tally own) {
        if (started < 0) {
            started = now;
            nextTick = now + SECOND;
            cpu.start(now);
            return;
        }
        if (now < nextTick) {
            return;
        }
        nextTick += SECOND * Math.max(1, (now - nextTick) / SECOND + 1);
        Tally tally = crew.statusFigures(loop, own);
        if (tally != null) {
            cpu.stop(now);
            print(now, phase, tally);
            cpu.start(now);
        }
        own.lastSecond.reset();
    }

    private void print(long now, ClientLoop.Phase phase, Tally tally) {
        long seconds = (now - started) / SECOND;
        String text = switch (phase) {
            case SETUP -> String.format(Locale.ROOT, "opened %,d/%,d  connected %,d  joined %,d  failed %,d",
                    tally.connectsStarted, options.clients(), tally.connected, tally.joined,
                    tally.setupFailureCount());
            case HOLD -> String.format(Locale.ROOT, "holding %,d joined connections  disconnected %,d",
                    tally.joined, tally.disconnectCount());
            default -> String.format(Locale.ROOT,
                    "joined %,d  sent %,d  delivered %,d  lost %,d  deliveries/s %,d  p99 %s ms",
                    tally.joined, tally.sent, tally.delivered, Math.max(0, tally.lost),
                    tally.delivered - lastDelivered, Report.millis(tally.lastSecond.percentile(99)))
                    + busyNote(cpu.share(), options.cores());
        };
        out.printf(Locale.ROOT, "simulate %4ds %-7s %s%n", seconds, phase.name().toLowerCase(Locale.ROOT), text);
        out.flush();
        lastDelivered = tally.delivered;
    }

    /**
     * A warning when the simulator used more than {@link Report#BUSY_SIMULATOR} of the {@code cores}
     * its threads can run on in the last second.
     */
    static String busyNote(double share, int cores) {
        if (share < 0 || share / cores <= Report.BUSY_SIMULATOR) {
            return "";
        }
        return String.format(Locale.ROOT, "  (simulator busy: %.0f%% of %s; latency may be its own)",
                100 * share / cores, cores == 1 ? "its core" : "its " + cores + " cores");
    }
}
