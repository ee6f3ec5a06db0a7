package reactorchat.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code simulate} command: parse, run the client loops (the first on this thread) or an
 * attack's loop, print the report.
 */
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
     * @return 0 clean, 3 if anything was lost, duplicated, reordered or disconnected (for an attack:
     *         any of its problems), 2 for bad options, 1 if the run could not start
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (AttackOptions.wanted(args)) {
            return execute(args, AttackOptions.USAGE, AttackOptions::parse, AttackOptions::json,
                    options -> new AttackLoop(options, err).run(), out, err);
        }
        return execute(args, SimOptions.USAGE, SimOptions::parse, SimOptions::json,
                options -> new ClientLoops(options, out, err).run(), out, err);
    }

    /** What a run found, printed the same way for an ordinary run and an attack. */
    interface Outcome {
        String table();

        String json();

        int exitCode();
    }

    /** A run of either kind, from its options to what it found. */
    @FunctionalInterface
    private interface Runner<O> {
        Outcome run(O options) throws IOException;
    }

    /** Help, or parse, run and print; the exit statuses of {@link #run}. */
    private static <O> int execute(List<String> args, String usage, Function<List<String>, O> parse,
                                   Predicate<O> json, Runner<O> runner, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(usage);
            return CLEAN;
        }
        O options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException e) {
            err.println("reactor-chat simulate: " + e.getMessage());
            return USAGE;
        }
        Outcome report;
        try {
            report = runner.run(options);
        } catch (IOException e) {
            err.println("reactor-chat simulate: " + e.getMessage());
            return FAILED;
        }
        out.print(json.test(options) ? report.json() + System.lineSeparator() : report.table());
        out.flush();
        return report.exitCode();
    }

    /** The report without printing it; for tests that check the numbers. */
    static Report report(SimOptions options, PrintStream status) throws IOException {
        return new ClientLoops(options, status, status).run();
    }
}
