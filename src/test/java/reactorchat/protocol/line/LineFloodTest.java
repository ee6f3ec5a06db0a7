package reactorchat.protocol.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import reactorchat.testing.LineClient;
import reactorchat.testing.TestServer;

/** Flood control and the soft and total output limits, over real sockets. */
class LineFloodTest {
    @Test
    void aFlooderIsSlowedNotDroppedWhileOthersChatOnTime() throws Exception {
        int floodLines = 1000;
        try (TestServer server = TestServer.start("--flood-rate", "400", "--flood-burst", "20");
             LineClient flooder = server.user("flood");
             LineClient chatter = server.user("chat");
             LineClient watcher = server.user("watch")) {
            long start = System.nanoTime();
            flooder.sendRaw(numbered("f ", floodLines));
            chatter.send("c 0").send("c 1").send("c 2");

            int nextFlood = 0;
            List<Long> chatArrivals = new ArrayList<>();
            int floodSeenAtLastChat = -1;
            while (nextFlood < floodLines) {
                String line = watcher.expectRegex("\\d\\d:\\d\\d:\\d\\d <(flood|chat)> [fc] \\d+");
                if (line.contains("<chat>")) {
                    chatArrivals.add(System.nanoTime() - start);
                    floodSeenAtLastChat = nextFlood;
                } else {
                    assertThat(line).endsWith("<flood> f " + nextFlood);
                    nextFlood++;
                }
            }
            long floodTook = System.nanoTime() - start;

            assertThat(chatArrivals).hasSize(3);
            assertThat(floodSeenAtLastChat).as("the chatter was not queued behind the flood").isLessThan(floodLines / 2);
            assertThat(chatArrivals.get(2)).as("chat latency").isLessThan(TimeUnit.SECONDS.toNanos(1));
            // 980 lines past the burst at 400 a second cannot take less than about 2.45 s.
            assertThat(floodTook).as("the flood was slowed").isGreaterThan(TimeUnit.MILLISECONDS.toNanos(2000));
        }
    }

    /** {@code count} lines: {@code prefix0}, {@code prefix1}, … */
    private static byte[] numbered(String prefix, int count) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append(prefix).append(i).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aClientOverItsBudgetPastTheHardLineIsToldAndClosed() throws Exception {
        try (TestServer server = TestServer.start("--flood-rate", "100", "--flood-burst", "10", "--flood-timeout", "2");
             LineClient flooder = server.user("flood");
             LineClient watcher = server.user("watch")) {
            long start = System.nanoTime();
            flooder.sendRaw(numbered("f ", 1000)); // 10 s of lines at 100 a second, all at once
            List<String> seen = flooder.expectClosed();
            long took = System.nanoTime() - start;

            String error = "! excess flood: more than 100 lines a second for 2 seconds, closing";
            assertThat(seen).last().isEqualTo(error);
            int handled = 0;
            for (String line : seen) {
                if (line.matches("\\d\\d:\\d\\d:\\d\\d <flood> f \\d+")) {
                    assertThat(line).endsWith("<flood> f " + handled);
                    handled++;
                }
            }
            // Over from the 11th line: 2 s later about 200 more have been read, and not one after.
            assertThat(handled).isBetween(200, 300);
            assertThat(took).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(2));
            watcher.expect("* flood quit (Excess Flood)");
            watcher.send("/who").expect("* 1 user in lobby: watch");
        }
    }

    @Test
    void aPasteThatTheRateTakesInLessThanTheHardLineIsOnlyDelayed() throws Exception {
        try (TestServer server = TestServer.start("--flood-rate", "100", "--flood-burst", "10", "--flood-timeout", "2");
             LineClient paster = server.user("paste")) {
            paster.sendRaw(numbered("p ", 150)); // 1.4 s past the burst
            paster.expectRegex("\\d\\d:\\d\\d:\\d\\d <paste> p 149");
            // Then 2.5 s at 80 lines a second: under the rate, so the spell that the paste began ends.
            for (int i = 0; i < 200; i++) {
                paster.send("s " + i);
                Thread.sleep(12); // pacing, not waiting for anything
            }
            paster.expectRegex("\\d\\d:\\d\\d:\\d\\d <paste> s 199");
            // Another paste makes it wait again, now 4 s after the first: a new spell, not the old one.
            paster.sendRaw(numbered("q ", 30));
            paster.expectRegex("\\d\\d:\\d\\d:\\d\\d <paste> q 29");
            paster.send("/who").expect("* 1 user in lobby: paste");
        }
    }

    /** Found under a 64 MB heap: queues each within their own limit added up to more than the heap. */
    @Test
    void theServersOutputBudgetCutsTheQueuesHoldingMoreThanTheirShare() throws Exception {
        try (TestServer server = TestServer.start("--max-outbound", "0", "--soft-outbound", "0",
                "--max-outbound-total", "256k", "--socket-send-buffer", "8k")) {
            List<LineClient> silent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                LineClient client = LineClient.connectWithReceiveBuffer(server.address("line"), 4096);
                client.expectRegex("\\* welcome .*");
                silent.add(client); // never read again
            }
            try (LineClient talker = server.user("talker")) {
                String padding = "p".repeat(2000);
                int cuts = 0;
                for (int n = 0; n < 2000 && cuts < 3; n++) {
                    String mine = "<talker> " + n + " ";
                    talker.send(n + " " + padding);
                    String seen;
                    do {
                        seen = talker.nextLine();
                        if (seen.contains("slow consumer: output queue over its share")) {
                            cuts++;
                        }
                    } while (!seen.contains(mine));
                }
                assertThat(cuts).as("silent clients cut for the server's budget").isEqualTo(3);
                talker.send("/who").expect("* 1 user in lobby: talker");
            } finally {
                for (LineClient client : silent) {
                    client.close();
                }
            }
        }
    }

    @Test
    void aQueueOverTheSoftLimitForTooLongIsCut() throws Exception {
        String cut = "* slow quit (slow consumer: output queue over 32768 bytes for 1 s)";
        try (TestServer server = TestServer.start("--soft-outbound", "32k", "--soft-outbound-seconds", "1",
                "--max-outbound", "0")) {
            LineClient slow = LineClient.connectWithReceiveBuffer(server.address("line"), 4096);
            slow.expectRegex("\\* welcome .*");
            slow.send("/nick slow"); // and never reads again
            try (LineClient talker = server.user("talker")) {
                String padding = "p".repeat(4000);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                String seen = "";
                while (!seen.equals(cut) && System.nanoTime() < deadline) {
                    talker.send(padding);
                    seen = talker.expectMatching(l -> l.equals(cut) || l.endsWith("<talker> " + padding), "echo or cut");
                    if (!seen.equals(cut)) {
                        Thread.sleep(5); // pacing: 200 lines a second, so the soft limit, not the hard one, decides
                    }
                }
                assertThat(seen).isEqualTo(cut);
            } finally {
                slow.close();
            }
        }
    }
}
