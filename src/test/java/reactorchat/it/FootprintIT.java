package reactorchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import reactorchat.testing.DrainingClients;
import reactorchat.testing.JarProcess;
import reactorchat.testing.TextClient;

/**
 * The budgets of docs/benchmarks.md, measured on the real jar: heap per idle connection, and
 * time from start to first accepted connection. The bounds asserted here are the budgets
 * for memory (which does not drift with load) and a generous multiple for time (which does).
 * {@code -Dfootprint.connections=10000} measures more connections.
 */
class FootprintIT {
    private static final List<String> SMALL_BOX_JVM = List.of("-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1", "-Xmx256m");

    @Test
    void anIdleConnectionCostsAtMostTwoKibOfHeap() throws Exception {
        int connections = Integer.getInteger("footprint.connections", 1000);
        try (JarProcess daemon = JarProcess.start(jvmFlags(), "--listen", "line=127.0.0.1:0", "--max-connections", "0");
             DrainingClients clients = new DrainingClients("* welcome")) {
            InetSocketAddress address = daemon.awaitListening("line");
            // One connection first, so that classes and the loop's own buffers are in the baseline.
            clients.open(address, 1);
            clients.drainUntilQuiet(200);
            long before = daemon.liveHeapBytes();
            clients.open(address, connections);
            clients.drainUntilQuiet(500);
            long after = daemon.liveHeapBytes();
            long perConnection = (after - before) / connections;
            System.out.printf("footprint: %d idle connections, live heap %d -> %d bytes, %d bytes each, RSS %s%n",
                    connections, before, after, perConnection, residentSet(daemon.pid()));
            assertThat(perConnection).isLessThanOrEqualTo(2048);
        }
    }

    @Test
    void startToFirstAcceptedConnection() throws Exception {
        long[] millis = new long[5];
        for (int run = 0; run < millis.length; run++) {
            long start = System.nanoTime();
            try (JarProcess daemon = JarProcess.start(jvmFlags(), "--listen", "line=127.0.0.1:0")) {
                InetSocketAddress address = daemon.awaitListening("line");
                try (TextClient client = TextClient.connect(address)) {
                    client.expectRegex("\\* welcome .*");
                }
                millis[run] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }
        }
        Arrays.sort(millis);
        System.out.printf("startup: start to first welcome, 5 runs sorted %s ms, median %d ms%n",
                Arrays.toString(millis), millis[2]);
        assertThat(millis[2]).as("median start to first welcome, ms").isLessThan(1500);
    }

    /** The small-box flags, plus any given as {@code -Dfootprint.jvm="..."} (e.g. -Xmx64m, or an AppCDS archive). */
    private static List<String> jvmFlags() {
        List<String> flags = new java.util.ArrayList<>(SMALL_BOX_JVM);
        String extra = System.getProperty("footprint.jvm", "").strip();
        if (!extra.isEmpty()) {
            flags.addAll(List.of(extra.split("\\s+")));
        }
        return flags;
    }

    private static String residentSet(long pid) throws IOException {
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:")).map(line -> line.substring(6).trim()).findFirst().orElse("?");
    }
}
