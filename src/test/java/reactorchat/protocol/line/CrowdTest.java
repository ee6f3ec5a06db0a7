package reactorchat.protocol.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;

/**
 * Ten clients that never read among a hundred who chat: the ten are cut as slow consumers, and
 * every chatter gets every line of every sender, in order. The chatters' readers are threads of
 * this JVM, beside the server, on two cores: five hundred of them starve each other here, so the
 * five-hundred form is reactorchat.sim.SilentCrowdTest, with every client on the simulator's one thread.
 */
class CrowdTest {
    private static final int CHATTERS = Integer.getInteger("crowd.chatters", 100);
    private static final int SILENT = 10;
    private static final int SENDERS = 10;
    /** Enough bytes (30 lines of 2 KB from each sender) to overflow a silent client's queue and kernel buffers. */
    private static final int LINES = 30;
    private static final Pattern CHAT = Pattern.compile("\\d\\d:\\d\\d:\\d\\d <s(\\d+)> (\\d+) .*");

    @Test
    void silentClientsAreCutAndTheCrowdLosesNothing() throws Exception {
        // A small kernel buffer, or each silent client would soak up megabytes before our limit counts.
        try (TestServer server = TestServer.start("--max-outbound", "128k", "--socket-send-buffer", "16k")) {
            List<TextClient> silent = new ArrayList<>();
            List<TextClient> chatters = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(CHATTERS + SENDERS);
            try {
                for (int i = 0; i < SILENT; i++) {
                    TextClient client = TextClient.connectWithReceiveBuffer(server.address("line"), 4096);
                    client.expectRegex("\\* welcome .*"); // and never reads again
                    silent.add(client);
                }
                for (int i = 0; i < CHATTERS; i++) {
                    chatters.add(server.user(i < SENDERS ? "s" + i : "c" + i));
                }
                List<Future<Integer>> readers = new ArrayList<>();
                for (TextClient chatter : chatters) {
                    readers.add(pool.submit(() -> readEverything(chatter)));
                }
                String padding = "p".repeat(2000);
                List<Future<?>> senders = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    TextClient sender = chatters.get(s);
                    senders.add(pool.submit(() -> {
                        for (int n = 0; n < LINES; n++) {
                            sender.send(n + " " + padding);
                            Thread.sleep(300); // pacing: a lively room, not a flood
                        }
                        return null;
                    }));
                }
                for (Future<?> sender : senders) {
                    sender.get(2, TimeUnit.MINUTES);
                }
                for (Future<Integer> reader : readers) {
                    assertThat(reader.get(2, TimeUnit.MINUTES)).as("silent clients seen cut").isEqualTo(SILENT);
                }
            } finally {
                pool.shutdownNow();
                for (TextClient client : silent) {
                    client.close();
                }
                for (TextClient client : chatters) {
                    client.close();
                }
            }
        }
    }

    /** Reads until every sender's last line; checks order per sender; returns how many slow-consumer cuts it saw. */
    private static int readEverything(TextClient client) throws Exception {
        int[] next = new int[SENDERS];
        int finished = 0;
        int cuts = 0;
        while (finished < SENDERS || cuts < SILENT) {
            String line = client.nextLine();
            if (line.matches("\\* guest-\\d+ quit \\(slow consumer: .*\\)")) {
                cuts++;
                continue;
            }
            Matcher m = CHAT.matcher(line);
            if (m.matches()) {
                int sender = Integer.parseInt(m.group(1));
                assertThat(Integer.parseInt(m.group(2))).as("next line from s%d", sender).isEqualTo(next[sender]);
                if (++next[sender] == LINES) {
                    finished++;
                }
            }
        }
        return cuts;
    }
}
