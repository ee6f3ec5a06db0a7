package reactorchat.protocol.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import reactorchat.testing.SelectorClients;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** Flood control and the soft and total output limits, over real sockets. */
class LineFloodTest {
    @Test
    void aFlooderIsSlowedNotDroppedWhileOthersChatOnTime() throws Exception {
        int floodLines = 1000;
        try (TestServer server = TestServer.start("--flood-rate", "400", "--flood-burst", "20");
             TextClient flooder = server.user("flood");
             TextClient chatter = server.user("chat");
             TextClient watcher = server.user("watch")) {
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

    /**
     * The test: a flooder sends 100,000 lines as fast as TCP lets it while 100 others chat.
     * The chatters lose nothing and their p99 latency stays under 500 ms; the flood arrives whole, in
     * order, and no faster than the rate.
     *
     * <p>At 10,000 lines a second the flood takes about 10 s. Its burst of 100 (10 ms of lines)
     * outlasts the loop's millisecond timers: with a smaller bucket, a pause that ends a
     * millisecond or two late would waste part of the refill and slow the flood below the rate.
     * The hard line stays at its default, 30 s: the flooder is over its budget for about 10 s.
     */
    @Test
    void aFlooderOf100000LinesIsSlowedWhile100ChattersLoseNothingAndStayOnTime() throws Exception {
        int floodLines = 100_000;
        int chatters = 100;
        long period = TimeUnit.MILLISECONDS.toNanos(500);
        Duration limit = Duration.ofSeconds(60);
        try (TestServer server = TestServer.start("--flood-rate", "10000", "--flood-burst", "100");
             SelectorClients clients = new SelectorClients()) {
            InetSocketAddress address = server.address("line");
            // The flood goes to a room of its own with one witness: relayed twice, not a hundred times.
            FloodWatch flooder = new FloodWatch();
            SelectorClients.Peer flooding = clients.open(address, flooder::line);
            flooding.send("/join flood");
            clients.runUntil("flooder in its room", () -> flooder.inRoom, limit, SelectorClients.NOTHING);
            FloodWatch witness = new FloodWatch();
            clients.open(address, witness::line).send("/join flood");
            clients.runUntil("witness in the flood room", () -> witness.inRoom, limit, SelectorClients.NOTHING);
            Latencies latencies = new Latencies();
            List<Chatter> crowd = new ArrayList<>();
            for (int i = 0; i < chatters; i++) {
                Chatter chatter = new Chatter(i, chatters, latencies);
                chatter.peer = clients.open(address, chatter::line);
                crowd.add(chatter);
            }
            clients.runUntil("welcome for every chatter", () -> crowd.stream().allMatch(c -> c.welcomed), limit,
                    SelectorClients.NOTHING);

            // The crowd chats for a second first, so that the code it runs is compiled (as in a
            // server that has been up for a while) and only the flood is new.
            long warm = System.nanoTime();
            long start = warm + TimeUnit.SECONDS.toNanos(1);
            latencies.from = start;
            for (Chatter chatter : crowd) {
                chatter.nextSend = warm + period * chatter.id / chatters;
            }
            SelectorClients.Tick chat = now -> {
                if (witness.next < floodLines) { // for as long as the flood lasts
                    for (Chatter chatter : crowd) {
                        chatter.sayIfDue(now, period);
                    }
                }
            };
            clients.runUntil("end of the warm-up", () -> System.nanoTime() - start >= 0, limit, chat);
            long flooded = System.nanoTime();
            flooding.write(ByteBuffer.wrap(numbered("f ", floodLines)));
            clients.runUntil("whole flood and every chat line", () -> flooder.next == floodLines
                    && witness.next == floodLines && crowd.stream().allMatch(c -> c.heardAll(crowd)), limit, chat);
            long floodTook = witness.lastAt - flooded;
            long elapsed = System.nanoTime() - flooded;

            long p99 = latencies.percentile(99);
            System.out.printf("flood of %d lines took %d ms; %d chatters said %d lines during it, heard %d times:"
                            + " latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d ms from the flood's start to the end%n",
                    floodLines, floodTook / 1_000_000, chatters, latencies.lines, latencies.count(),
                    latencies.percentile(50) / 1e6, p99 / 1e6, latencies.percentile(100) / 1e6, elapsed / 1_000_000);
            // heardAll ended the run: every chatter heard every line said, in order (checked as they came).
            assertThat(crowd).allMatch(c -> c.heardAll(crowd));
            assertThat(latencies.count()).as("lines said during the flood, heard by each").isEqualTo(latencies.lines * chatters);
            assertThat(latencies.lines).as("chat went on during the flood").isGreaterThanOrEqualTo(chatters * 15);
            assertThat(p99).as("chatters' p99 latency").isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
            // 99,900 lines past the burst at 10,000 a second: 9.99 s at the least.
            assertThat(floodTook).as("the flood was held to the rate").isGreaterThan(TimeUnit.MILLISECONDS.toNanos(9_900));
        }
    }

    /** A member of the flood room: checks that the flood's lines arrive in order. */
    private static final class FloodWatch {
        boolean inRoom;
        int next;
        long lastAt;

        void line(String line) {
            int at = line.indexOf("> f ");
            if (at >= 0) {
                int n = Integer.parseInt(line.substring(at + 4));
                if (n != next) {
                    throw new AssertionError("flood line " + n + " arrived when " + next + " was expected");
                }
                next++;
                lastAt = System.nanoTime();
            } else if (line.startsWith("* you are now in flood")) {
                inRoom = true;
            }
        }
    }

    /** One of the crowd in the lobby: says {@code c ID SEQ NANOS} now and then, and checks what it hears. */
    private static final class Chatter {
        final int id;
        final int[] heard; // from each chatter, how many lines, which were in order
        final Latencies latencies;
        SelectorClients.Peer peer;
        boolean welcomed;
        int said;
        long nextSend;

        Chatter(int id, int crowd, Latencies latencies) {
            this.id = id;
            this.heard = new int[crowd];
            this.latencies = latencies;
        }

        void sayIfDue(long now, long period) throws IOException {
            if (now - nextSend >= 0) {
                peer.send("c " + id + " " + said++ + " " + now);
                latencies.said(now);
                nextSend += period;
            }
        }

        void line(String line) {
            int at = line.indexOf("> c ");
            if (at < 0) {
                welcomed |= line.startsWith("* welcome");
                return;
            }
            String[] fields = line.substring(at + 4).split(" ");
            int from = Integer.parseInt(fields[0]);
            int seq = Integer.parseInt(fields[1]);
            if (seq != heard[from]) {
                throw new AssertionError("chatter " + id + " heard line " + seq + " of " + from + " when "
                        + heard[from] + " was expected");
            }
            heard[from]++;
            latencies.heard(Long.parseLong(fields[2]), System.nanoTime());
        }

        boolean heardAll(List<Chatter> crowd) {
            for (Chatter other : crowd) {
                if (heard[other.id] != other.said) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The latency of every line said from {@link #from} on, as each chatter heard it. */
    private static final class Latencies {
        long from;
        long lines;
        private long[] values = new long[1 << 16];
        private int count;

        void said(long at) {
            if (at - from >= 0) {
                lines++;
            }
        }

        void heard(long saidAt, long now) {
            if (saidAt - from < 0) {
                return;
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, 2 * count);
            }
            values[count++] = now - saidAt;
        }

        long count() {
            return count;
        }

        long percentile(int percent) {
            long[] sorted = Arrays.copyOf(values, count);
            Arrays.sort(sorted);
            return sorted[Math.max(0, (int) Math.ceil(count * percent / 100.0) - 1)];
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
        try (TestServer server = TestServer.start("--flood-rate", "100", "--flood-burst", "10", "--flood-timeout", "2",
                "--listen", "http=127.0.0.1:0");
             TextClient flooder = server.user("flood");
             TextClient watcher = server.user("watch")) {
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
            watcher.skipUntil(Expected.exactly("* flood quit (Excess Flood)"));
            watcher.send("/who").expect("* 1 user in lobby: watch");
            assertThat(server.metric("reactorchat_flood_cuts_total")).isEqualTo(1);
        }
    }

    @Test
    void aPasteThatTheRateTakesInLessThanTheHardLineIsOnlyDelayed() throws Exception {
        try (TestServer server = TestServer.start("--flood-rate", "100", "--flood-burst", "10", "--flood-timeout", "2");
             TextClient paster = server.user("paste")) {
            paster.sendRaw(numbered("p ", 150)); // 1.4 s past the burst
            paster.skipUntil(Expected.regex("\\d\\d:\\d\\d:\\d\\d <paste> p 149"));
            // Then 2.5 s at 80 lines a second: under the rate, so the spell that the paste began ends.
            for (int i = 0; i < 200; i++) {
                paster.send("s " + i);
                Thread.sleep(12); // pacing, not waiting for anything
            }
            paster.skipUntil(Expected.regex("\\d\\d:\\d\\d:\\d\\d <paste> s 199"));
            // Another paste makes it wait again, now 4 s after the first: a new spell, not the old one.
            paster.sendRaw(numbered("q ", 30));
            paster.skipUntil(Expected.regex("\\d\\d:\\d\\d:\\d\\d <paste> q 29"));
            paster.send("/who").expect("* 1 user in lobby: paste");
        }
    }

    /** Found under a 64 MB heap: queues each within their own limit added up to more than the heap. */
    @Test
    void theServersOutputBudgetCutsTheQueuesHoldingMoreThanTheirShare() throws Exception {
        try (TestServer server = TestServer.start("--max-outbound", "0", "--soft-outbound", "0",
                "--max-outbound-total", "256k", "--socket-send-buffer", "8k")) {
            List<TextClient> silent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                TextClient client = TextClient.connectWithReceiveBuffer(server.address("line"), 4096);
                client.expectRegex("\\* welcome .*");
                silent.add(client); // never read again
            }
            try (TextClient talker = server.user("talker")) {
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
                for (TextClient client : silent) {
                    client.close();
                }
            }
        }
    }

    /** Nothing more is sent to the stalled reader after its queue goes over: the grace time alone cuts it. */
    @Test
    void aQueueOverTheSoftLimitIsCutWhenItsTimeIsUpEvenIfNothingMoreIsSent() throws Exception {
        String cut = "* slow quit (slow consumer: output queue over 32768 bytes for 1 s)";
        try (TestServer server = TestServer.start("--soft-outbound", "32k", "--soft-outbound-seconds", "1",
                "--max-outbound", "0", "--socket-send-buffer", "8k", "--listen", "http=127.0.0.1:0")) {
            TextClient slow = TextClient.connectWithReceiveBuffer(server.address("line"), 4096);
            slow.expectRegex("\\* welcome .*");
            slow.send("/nick slow"); // and never reads again
            try (TextClient talker = server.user("talker")) {
                // 96 KB at once, all handled well within the grace time, so no later send can be what cuts:
                // the kernel takes some 20 KB of it, and the queue stays far over 32k.
                String padding = "p".repeat(4000);
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 24; i++) {
                    lines.append(i).append(' ').append(padding).append('\n');
                }
                talker.sendRaw(lines.toString().getBytes(StandardCharsets.UTF_8));
                talker.skipUntil(new Expected("the last echo", line -> line.endsWith("<talker> 23 " + padding)));
                long lastSent = System.nanoTime();
                assertThat(talker.expect(new Expected("the cut", line -> line.equals(cut)))).isEqualTo(cut);
                assertThat(System.nanoTime() - lastSent).as("the cut came by its grace time, not later")
                        .isLessThan(TimeUnit.SECONDS.toNanos(5));
                assertThat(server.metric("reactorchat_outbound_queued_bytes")).isZero();
            } finally {
                slow.close();
            }
        }
    }

    @Test
    void aQueueOverTheSoftLimitForTooLongIsCut() throws Exception {
        String cut = "* slow quit (slow consumer: output queue over 32768 bytes for 1 s)";
        try (TestServer server = TestServer.start("--soft-outbound", "32k", "--soft-outbound-seconds", "1",
                "--max-outbound", "0")) {
            TextClient slow = TextClient.connectWithReceiveBuffer(server.address("line"), 4096);
            slow.expectRegex("\\* welcome .*");
            slow.send("/nick slow"); // and never reads again
            try (TextClient talker = server.user("talker")) {
                String padding = "p".repeat(4000);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                String seen = "";
                while (!seen.equals(cut) && System.nanoTime() < deadline) {
                    talker.send(padding);
                    seen = talker.expect(new Expected("echo or cut", l -> l.equals(cut) || l.endsWith("<talker> " + padding)));
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

    /** At one line a second the ten would take nine seconds: without the rule, shutdown drops them. */
    @Test
    void linesHeldByFloodControlAreDeliveredBeforeTheGoodbyeAtShutdown() throws Exception {
        TestServer server = TestServer.start("--flood-rate", "1", "--flood-burst", "1");
        try (TextClient flooder = server.user("flood"); TextClient watcher = server.user("watch")) {
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
             TextClient watcher = server.user("watch")) {
            TextClient flooder = server.user("flood");
            flooder.sendRaw(numbered("a line long enough to fill the kernel's buffers sooner ", 5000));
            long closed = System.nanoTime();
            flooder.close();
            watcher.skipUntil(Expected.regex("\\* flood quit \\(.*\\)"));
            assertThat(System.nanoTime() - closed).as("time from its close to its quit")
                    .isLessThan(TimeUnit.SECONDS.toNanos(floodTimeout + 5));
        }
    }

    @Test
    void aHalfClosedClientUnderFloodControlGetsEveryAnswer() throws Exception {
        try (TestServer server = TestServer.start("--flood-rate", "20", "--flood-burst", "5");
             TextClient client = server.connect()) {
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
