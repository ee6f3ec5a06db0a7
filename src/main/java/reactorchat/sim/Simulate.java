package reactorchat.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** The {@code simulate} command: parse, run the client loop on this thread, print the report. */
public final class Simulate {
    public static final int CLEAN = Report.CLEAN;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int PROBLEMS = Report.PROBLEMS;

    private Simulate() {
    }

    /**
     * Runs {@code simulate ARGS}: the report goes to {@code out}, status and errors to {@code err}.
     *
     * @return 0 clean, 3 if anything was lost, duplicated, reordered or disconnected, 2 for bad
     *         options, 1 if the run could not start
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (AttackOptions.wanted(args)) {
            return attack(args, out, err);
        }
        if (args.contains("--help") || args.contains("-h")) {
            out.print(SimOptions.USAGE);
            return CLEAN;
        }
        SimOptions options;
        try {
            options = SimOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("reactor-chat simulate: " + e.getMessage());
            return USAGE;
        }
        Report report;
        try {
            report = new ClientLoop(options, out, err).run();
        } catch (IOException e) {
            err.println("reactor-chat simulate: " + e.getMessage());
            return FAILED;
        }
        out.print(options.json() ? report.json() + System.lineSeparator() : report.table());
        out.flush();
        return report.exitCode();
    }

    /** Runs {@code simulate --attack NAME ...}; the same streams and exit statuses as {@link #run}. */
    private static int attack(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(AttackOptions.USAGE);
            return CLEAN;
        }
        AttackOptions options;
        try {
            options = AttackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("reactor-chat simulate: " + e.getMessage());
            return USAGE;
        }
        AttackReport report;
        try {
            report = new AttackLoop(options, err).run();
        } catch (IOException e) {
            err.println("reactor-chat simulate: " + e.getMessage());
            return FAILED;
        }
        out.print(options.json() ? report.json() + System.lineSeparator() : report.table());
        out.flush();
        return report.exitCode();
    }

    /** The report without printing it; for tests that check the numbers. */
    static Report report(SimOptions options, PrintStream status) throws IOException {
        return new ClientLoop(options, status, status).run();
    }
}
