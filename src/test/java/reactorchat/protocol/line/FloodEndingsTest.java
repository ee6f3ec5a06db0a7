package reactorchat.protocol.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import reactorchat.testing.LineClient;
import reactorchat.testing.TestServer;

/** How a connection under flood control ends: at shutdown, when it closes, when it half-closes. Real sockets. */
class FloodEndingsTest {
    private static byte[] numbered(String prefix, int count) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append(prefix).append(i).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** At one line a second the ten would take nine seconds: without the rule, shutdown drops them. */
    @Test
    void linesHeldByFloodControlAreDeliveredBeforeTheGoodbyeAtShutdown() throws Exception {
        TestServer server = TestServer.start("--flood-rate", "1", "--flood-burst", "1");
        try (LineClient flooder = server.user("flood"); LineClient watcher = server.user("watch")) {
            flooder.sendRaw(numbered("f ", 10)); // one write: read at once, then held by the pause
            watcher.expectRegex(".* <flood> f 0");
            server.close();
            List<String> rest = watcher.expectClosed();
            assertThat(rest).filteredOn(line -> line.contains("<flood>")).hasSize(9)
                    .last().asString().endsWith("<flood> f 9");
            assertThat(rest).last().isEqualTo("* server shutting down");
        }
    }

    @Test
    void aFlooderThatDisconnectsLeavesTheRoomWithinTheFloodTimeout() throws Exception {
        int floodTimeout = 2;
        try (TestServer server = TestServer.start("--flood-rate", "5", "--flood-burst", "5",
                "--flood-timeout", Integer.toString(floodTimeout));
             LineClient watcher = server.user("watch")) {
            LineClient flooder = server.user("flood");
            flooder.sendRaw(numbered("a line long enough to fill the kernel's buffers sooner ", 5000));
            long closed = System.nanoTime();
            flooder.close();
            watcher.expectRegex("\\* flood quit \\(.*\\)");
            assertThat(System.nanoTime() - closed).as("time from its close to its quit")
                    .isLessThan(TimeUnit.SECONDS.toNanos(floodTimeout + 5));
        }
    }

    @Test
    void aHalfClosedClientUnderFloodControlGetsEveryAnswer() throws Exception {
        try (TestServer server = TestServer.start("--flood-rate", "20", "--flood-burst", "5");
             LineClient client = server.connect()) {
            client.expectRegex("\\* welcome .*");
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                burst.append("/nick n").append(i).append('\n');
            }
            client.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput(); // as printf ... | nc -N does
            List<String> everything = client.expectClosed();
            assertThat(everything).filteredOn(line -> line.startsWith("* you are now known as n")).hasSize(40)
                    .last().isEqualTo("* you are now known as n39");
        }
    }
}
