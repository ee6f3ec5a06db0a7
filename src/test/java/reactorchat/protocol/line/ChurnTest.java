package reactorchat.protocol.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/**
 * Connection churn: many connect, speak, leave cycles, ended in every way a client can end
 * (clean close, /quit, reset, half-close). Afterwards the server holds no more descriptors or
 * heap than before. {@code -Dchurn.cycles=N} runs a longer form.
 */
class ChurnTest {
    private static final int THREADS = 4;

    @Test
    void descriptorsAndHeapComeBackAfterChurn() throws Exception {
        int cycles = Integer.getInteger("churn.cycles", 20_000);
        try (TestServer server = TestServer.start(); TextClient observer = server.user("observer")) {
            InetSocketAddress address = server.address("line");
            runCycles(address, 200); // warm up classes and pools before the baseline
            awaitAlone(observer);
            long fdsBefore = openDescriptors();
            long heapBefore = liveHeap();

            runCycles(address, cycles);

            awaitAlone(observer);
            assertThat(openDescriptors()).as("open descriptors").isLessThanOrEqualTo(fdsBefore);
            long heapAfter = liveHeap();
            System.out.printf("churn: %d cycles, heap %d -> %d bytes, descriptors %d%n",
                    cycles, heapBefore, heapAfter, fdsBefore);
            assertThat(heapAfter).as("live heap after churn").isLessThan(heapBefore + (4 << 20));
        }
    }

    private static void runCycles(InetSocketAddress address, int cycles) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < cycles; i += THREADS) {
                        cycle(address, i);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One visitor: comes in, says a line, and leaves in one of four ways. */
    private static void cycle(InetSocketAddress address, int i) throws IOException {
        try (TextClient client = TextClient.connect(address)) {
            client.expectRegex("\\* welcome .*");
            client.send("visit " + i);
            client.skipUntil(Expected.regex("\\d\\d:\\d\\d:\\d\\d <guest-\\d+> visit " + i));
            switch (i % 4) {
                case 0 -> { } // a plain close
                case 1 -> {
                    client.send("/quit");
                    client.expectClosed();
                }
                case 2 -> client.resetOnClose();
                default -> {
                    client.shutdownOutput(); // half-closed: the server flushes, then closes its side
                    client.expectClosed();
                }
            }
        }
    }

    /** Waits until the observer is alone in the lobby: every visitor's connection is closed. */
    private static void awaitAlone(TextClient observer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String who = "";
        while (!who.equals("* 1 user in lobby: observer") && System.nanoTime() < deadline) {
            observer.send("/who");
            who = observer.skipUntil(Expected.regex("\\* \\d+ users? in lobby: .*"));
            if (!who.equals("* 1 user in lobby: observer")) {
                Thread.sleep(50); // polling: the last closes are still going through the loop
            }
        }
        assertThat(who).isEqualTo("* 1 user in lobby: observer");
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
