package reactorchat.client;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A transfer's progress on stderr: bytes, percent, rate and time left. On a terminal one line is
 * redrawn in place (with CR) at most ten times a second; otherwise a plain line is printed once a
 * second, so a log stays readable. The rate is smoothed over about two seconds, so that one stall
 * or burst does not make the time left jump about.
 */
final class Progress {
    enum Style {
        AUTO, BAR, LINES, OFF;

        static Style named(String name) {
            for (Style style : values()) {
                if (style.name().equalsIgnoreCase(name)) {
                    return style;
                }
            }
            throw new IllegalArgumentException("--progress must be auto, bar, lines or off, got '" + name + "'");
        }

        /** AUTO becomes BAR on a terminal, else LINES. */
        Style resolve(boolean terminal) {
            return this != AUTO ? this : terminal ? BAR : LINES;
        }
    }

    private static final long BAR_INTERVAL = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LINE_INTERVAL = TimeUnit.SECONDS.toNanos(1);
    private static final double SMOOTHING_SECONDS = 2.0;
    private static final int BAR_WIDTH = 20;
    private static final int LABEL_WIDTH = 28;

    private final PrintStream out;
    private final Style style;
    private final String label;
    private final long total;
    private final long started;
    private long lastNanos;
    private long lastDone;
    private long nextPrint;
    private double rate = -1;
    private int drawnWidth;

    /** @param style already resolved: BAR, LINES or OFF */
    Progress(PrintStream out, Style style, String label, long total, long nowNanos) {
        this.out = out;
        this.style = style;
        this.label = shorten(label);
        this.total = total;
        this.started = nowNanos;
        this.lastNanos = nowNanos;
        this.nextPrint = nowNanos + interval();
    }

    /** Records that {@code done} bytes have moved; prints if the interval has passed. */
    void update(long done, long nowNanos) {
        if (style == Style.OFF || nowNanos < nextPrint) {
            return;
        }
        measure(done, nowNanos);
        print(done);
        nextPrint = nowNanos + interval();
    }

    /** Prints the last state and ends the line, so whatever is printed next starts on its own line. */
    void finish(long done, long nowNanos) {
        if (style == Style.OFF) {
            return;
        }
        if (nowNanos > started) {
            rate = done * 1e9 / (nowNanos - started); // the average is the honest figure for the whole run
        }
        print(done);
        if (style == Style.BAR) {
            out.print('\n');
            out.flush();
        }
    }

    private void measure(long done, long nowNanos) {
        double seconds = (nowNanos - lastNanos) / 1e9;
        if (seconds <= 0) {
            return;
        }
        double instant = (done - lastDone) / seconds;
        rate = rate < 0 ? instant : rate + (instant - rate) * (1 - Math.exp(-seconds / SMOOTHING_SECONDS));
        lastNanos = nowNanos;
        lastDone = done;
    }

    private void print(long done) {
        if (style == Style.BAR) {
            String line = format(label, done, total, rate, true);
            // Spaces wipe what is left of a longer previous line.
            out.print('\r' + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
            drawnWidth = line.length();
        } else {
            out.println(format(label, done, total, rate, false));
        }
        out.flush();
    }

    private long interval() {
        return style == Style.BAR ? BAR_INTERVAL : LINE_INTERVAL;
    }

    /**
     * One progress line, e.g. {@code report.pdf [#####---------------]  25%  50.0 MiB of 200.0 MiB
     * 12.5 MiB/s ETA 0:12}; a negative rate is not known yet.
     */
    static String format(String label, long done, long total, double bytesPerSecond, boolean bar) {
        int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
        StringBuilder line = new StringBuilder(label);
        if (bar) {
            int filled = percent * BAR_WIDTH / 100;
            line.append(" [").append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append(']');
        }
        line.append(String.format(Locale.ROOT, " %3d%%  %s of %s  ", percent, bytes(done), bytes(total)));
        if (bytesPerSecond < 0) {
            line.append("-- /s  ETA --:--");
        } else {
            line.append(bytes(Math.round(bytesPerSecond))).append("/s  ETA ");
            long left = Math.max(0, total - done);
            line.append(left == 0 ? "0:00" : bytesPerSecond < 1 ? "--:--" : duration(Math.round(left / bytesPerSecond)));
        }
        return line.toString();
    }

    /** 512 B, 1.5 KiB, 200.0 MiB, 1.0 GiB. */
    static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** 0:07, 12:34, 1:02:03. */
    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    private static String shorten(String label) {
        if (label.length() <= LABEL_WIDTH) {
            return label;
        }
        int cut = LABEL_WIDTH - 1;
        if (Character.isLowSurrogate(label.charAt(cut))) {
            cut--; // never half a character
        }
        return label.substring(0, cut) + "~";
    }
}
