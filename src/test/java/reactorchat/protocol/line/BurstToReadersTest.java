package reactorchat.protocol.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import reactorchat.testing.SelectorClients;
import reactorchat.testing.TestServer;

/**
 * A burst that keeps to flood control and the line limit reaches a whole room of readers. Every
 * line is one buffer shared by all their queues, so it costs the server's client memory once,
 * not once per reader: a budget far smaller than readers × burst cuts nobody.
 */
class BurstToReadersTest {
    private static final int READERS = 200;
    /** The default --flood-burst of 20 lets this many lines through at once. */
    private static final int BURST = 21;

    @Test
    void aBurstOfLongLinesWithinFloodControlCutsNoReader() throws Exception {
        // 200 readers × 21 lines × 4 KB is 17 MB; the lines themselves are 84 KB.
        try (TestServer server = TestServer.start("--max-client-memory", "1m", "--flood-rate", "10",
                "--listen", "http=127.0.0.1:0");
             SelectorClients clients = new SelectorClients()) {
            InetSocketAddress address = server.address("line");
            List<int[]> received = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                int[] count = new int[1];
                received.add(count);
                clients.open(address, line -> {
                    if (line.contains("<talker> burst ")) {
                        count[0]++;
                    }
                });
            }
            boolean[] named = new boolean[1];
            SelectorClients.Peer talker = clients.open(address, line -> named[0] |= line.equals("* you are now known as talker"));
            talker.send("/nick talker");
            clients.runUntil("the talker's nick", () -> named[0], Duration.ofSeconds(30), SelectorClients.NOTHING);

            StringBuilder burst = new StringBuilder();
            for (int n = 0; n < BURST; n++) {
                String head = "burst " + n + " ";
                burst.append(head).append("x".repeat(4000 - head.length())).append('\n');
            }
            talker.write(ByteBuffer.wrap(burst.toString().getBytes(StandardCharsets.UTF_8)));
            // A reader the server cut would fail this wait: SelectorClients treats a close as an error.
            clients.runUntil("every line at every reader", () -> received.stream().allMatch(c -> c[0] == BURST),
                    Duration.ofSeconds(60), SelectorClients.NOTHING);
            assertThat(server.metric("reactorchat_slow_consumer_cuts_total")).isZero();
        }
    }
}
