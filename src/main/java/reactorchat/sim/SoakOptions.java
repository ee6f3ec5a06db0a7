package reactorchat.sim;

import java.net.InetSocketAddress;
import java.util.function.Function;

import reactorchat.cli.CommandLine;

/**
 * What a soak run mixes in beside the well-behaved chatters, and how much the server may drift.
 *
 * @param churnRate         connect/register/chat/leave cycles started per second
 * @param slowReaders       clients at a time that stop reading and must be cut by the server
 * @param slowSilenceNanos  how long a slow reader goes without reading before it checks it was cut
 * @param flooders          clients that send bursts far above the flood rate, in the chatters' room
 * @param reportEveryNanos  how often a report line is printed
 * @param metrics           the server's http listener, to sample its heap and descriptors; null if none
 * @param heapToleranceBytes how far the server's heap floor may rise from after warm-up to the end
 * @param fdTolerance       how far the server's open descriptors may rise from after warm-up to the end
 */
record SoakOptions(double churnRate, int slowReaders, long slowSilenceNanos, int flooders, long reportEveryNanos,
                   InetSocketAddress metrics, long heapToleranceBytes, int fdTolerance) {
    /** Lines in one flooder burst: five times the server's default flood burst. */
    static final int FLOOD_LINES = 100;
    /** Time between one flooder's bursts; long enough for a burst to pass at the default flood rate. */
    static final long FLOOD_EVERY_NANOS = 30_000_000_000L;
    /** A soak's warm-up unless --warmup says otherwise: long enough for the server's heap to settle. */
    static final double DEFAULT_WARMUP_SECONDS = 60;

    /** The soak's flags, read beside {@code simulate}'s own. */
    static final Function<String, CommandLine.Flag> FLAGS = CommandLine.table("churn R", "slow N", "slow-silence T",
            "flooders N", "metrics HOST:PORT", "report-every T", "heap-tolerance MB", "fd-tolerance N");

    /** The soak's flags as they are read, with their defaults. */
    static final class Draft {
        private double churn = 5;
        private int slow = 5;
        private double slowSilence = 180;
        private int flooders = 2;
        private double reportEvery = 30;
        private String metrics;
        private int heapToleranceMb = 64;
        private int fdTolerance = 25;
        private String lastFlag;

        /** Reads a flag of {@link #FLAGS}. */
        void take(CommandLine.Given<CommandLine.Flag> flag) {
            switch (flag.name()) {
                case "--churn" -> churn = flag.decimal(0, 10_000);
                case "--slow" -> slow = flag.integer(0, 100_000);
                case "--slow-silence" -> slowSilence = flag.decimal(0.001, 86_400);
                case "--flooders" -> flooders = flag.integer(0, 100_000);
                case "--metrics" -> metrics = flag.value();
                case "--report-every" -> reportEvery = flag.decimal(0.1, 86_400);
                case "--heap-tolerance" -> heapToleranceMb = flag.integer(0, 1_000_000);
                case "--fd-tolerance" -> fdTolerance = flag.integer(0, 1_000_000);
            }
            lastFlag = flag.name();
        }

        /** The last soak flag read, or null: they mean nothing without --soak. */
        String lastFlag() {
            return lastFlag;
        }

        SoakOptions options() {
            return new SoakOptions(churn, slow, SimOptions.nanos(slowSilence), flooders, SimOptions.nanos(reportEvery),
                    metrics == null ? null : SimOptions.parseAddress("--metrics", metrics),
                    heapToleranceMb * (1L << 20), fdTolerance);
        }
    }
}
