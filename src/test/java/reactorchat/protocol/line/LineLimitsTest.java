package reactorchat.protocol.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import reactorchat.testing.ClientSocket;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** What happens at the limits: slow consumers, end of input, idle time-out, a full server, shutdown. */
class LineLimitsTest {
    private static final int WINDOW = 100;
    private static final Pattern CHAT_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d <(c\\d)> (\\d+) .*");

    /**
     * Three chatters talk as fast as they can read, while one client never reads. The silent one is
     * cut off once its queue passes the limit; every chatter still gets every line, in order.
     */
    @Test
    void aSlowConsumerIsCutAndNobodyElseLosesALine() throws Exception {
        int chatters = 3;
        int maxLines = 40_000;
        String padding = "p".repeat(400);
        try (TestServer server = TestServer.start()) {
            TextClient slow = TextClient.connectWithReceiveBuffer(server.address("line"), 4096);
            slow.expectRegex("\\* welcome .*"); // one read, then never again
            slow.send("/nick slow");
            List<TextClient> clients = new ArrayList<>();
            for (int i = 0; i < chatters; i++) {
                clients.add(server.user("c" + i));
            }
            AtomicBoolean cutSeen = new AtomicBoolean();
            AtomicInteger[] echoed = new AtomicInteger[chatters];
            ExecutorService pool = Executors.newFixedThreadPool(chatters * 2);
            try {
                List<Future<Integer>> sent = new ArrayList<>();
                List<Future<int[]>> received = new ArrayList<>();
                for (int c = 0; c < chatters; c++) {
                    TextClient client = clients.get(c);
                    AtomicInteger ownEchoes = echoed[c] = new AtomicInteger(-1);
                    sent.add(pool.submit(() -> {
                        int seq = 0;
                        // Talk until the cut is seen: how much it takes depends on the kernel's buffers.
                        while (seq < maxLines && (seq < 200 || !cutSeen.get())) {
                            awaitWindow(seq, ownEchoes);
                            client.send(seq++ + " " + padding);
                        }
                        client.send("done");
                        return seq;
                    }));
                    int self = c;
                    received.add(pool.submit(() -> readAll(client, chatters, self, ownEchoes, cutSeen)));
                }
                for (int i = 0; i < chatters; i++) {
                    int total = sent.get(i).get(60, TimeUnit.SECONDS);
                    assertThat(total).as("chatter %d sent until the cut", i).isLessThan(maxLines);
                }
                for (Future<int[]> reader : received) {
                    int[] lastSeen = reader.get(60, TimeUnit.SECONDS);
                    for (int i = 0; i < chatters; i++) {
                        assertThat(lastSeen[i] + 1).as("lines from c%d", i).isEqualTo(sent.get(i).get());
                    }
                }
                assertThat(cutSeen).isTrue();
            } finally {
                pool.shutdownNow();
                for (TextClient client : clients) {
                    client.close();
                }
                slow.close();
            }
        }
    }

    /**
     * A chatter that sent faster than it reads would itself become a slow consumer; so it keeps at
     * most {@value #WINDOW} of its own lines unechoed, as a well-behaved client does.
     */
    private static void awaitWindow(int seq, AtomicInteger ownEchoes) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (seq - ownEchoes.get() > WINDOW) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("own line " + (seq - WINDOW) + " never came back");
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Reads until every chatter's "done"; checks each chatter's numbers come 0, 1, 2, ... without a gap. */
    private static int[] readAll(TextClient client, int chatters, int self, AtomicInteger ownEchoes,
                                 AtomicBoolean cutSeen) throws Exception {
        int[] last = new int[chatters];
        java.util.Arrays.fill(last, -1);
        int done = 0;
        while (done < chatters) {
            String line = client.nextLine();
            if (line.startsWith("* slow quit (slow consumer")) {
                cutSeen.set(true);
            } else if (line.matches("\\d\\d:\\d\\d:\\d\\d <c\\d> done")) {
                done++;
            } else {
                Matcher m = CHAT_LINE.matcher(line);
                if (m.matches()) {
                    int from = m.group(1).charAt(1) - '0';
                    int seq = Integer.parseInt(m.group(2));
                    assertThat(seq).as("next line from c%d", from).isEqualTo(last[from] + 1);
                    last[from] = seq;
                    if (from == self) {
                        ownEchoes.set(seq);
                    }
                }
            }
        }
        return last;
    }

    @Test
    void endOfInputStillGetsItsPendingOutput() throws Exception {
        try (TestServer server = TestServer.start(); TextClient client = server.connect()) {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                burst.append("/help\n");
            }
            client.sendRaw(burst.toString().getBytes());
            client.shutdownOutput();
            List<String> everything = client.expectClosed();
            assertThat(everything).filteredOn(line -> line.startsWith("* type a line")).hasSize(300);
            assertThat(everything.get(everything.size() - 1)).isEqualTo("*   /help              show this list");
        }
    }

    @Test
    void anIdleConnectionIsToldAndClosedWhileAnActiveOneStays() throws Exception {
        String quitNotice = "* idle quit (idle for 1 seconds)";
        try (TestServer server = TestServer.start("--idle-timeout", "1");
             TextClient idle = server.user("idle");
             TextClient active = server.user("active")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean quitSeen = false;
            while (!quitSeen && System.nanoTime() < deadline) {
                active.send("/who");
                String line = active.expect(new Expected("who or quit", l -> l.equals(quitNotice) || l.contains(" in lobby: ")));
                quitSeen = line.equals(quitNotice);
                if (!quitSeen) {
                    Thread.sleep(100); // pacing: the active client speaks ten times a second
                }
            }
            assertThat(quitSeen).as("the room was told the idle one left").isTrue();
            assertThat(idle.expectClosed()).contains("! idle for 1 seconds, closing");
            active.send("/who").expect("* 1 user in lobby: active");
        }
    }

    @Test
    void aFullServerRefusesWithOneLine() throws Exception {
        try (TestServer server = TestServer.start("--max-connections", "2")) {
            refusesAThirdUntilOneLeaves(server, "! server full (2 connections), closing");
        }
    }

    @Test
    void oneAddressMayOpenOnlySoMany() throws Exception {
        try (TestServer server = TestServer.start("--max-per-address", "2")) {
            refusesAThirdUntilOneLeaves(server, "! too many connections from 127.0.0.1 (2), closing");
        }
    }

    @Test
    void anotherIpv4AddressIsAnotherPeer() throws Exception {
        try (TestServer server = TestServer.start("--max-per-address", "1"); TextClient first = server.user("first")) {
            assertThat(firstLineFrom("127.0.0.2", server.address("line"))).startsWith("* welcome to reactor-chat");
            assertThat(firstLineFrom("127.0.0.1", server.address("line")))
                    .isEqualTo("! too many connections from 127.0.0.1 (1), closing");
        }
    }

    @Test
    void anIpv6PeerIsCountedByItsSlash64() throws Exception {
        Assumptions.assumeTrue(ClientSocket.hasIpv6Loopback(), "no IPv6 loopback here (connections over ::1 arrive as IPv4, or ::1 is missing); AddressGroupTest covers the grouping");
        // The first line listener is on 127.0.0.1: an irc one alone listens on ::1.
        try (TestServer server = TestServer.start("--listen", "irc=[::1]:0", "--max-per-address", "1");
             Socket first = ClientSocket.raw(server.address("irc"));
             Socket second = ClientSocket.raw(server.address("irc"))) {
            assertThat(firstLine(second)).isEqualTo("ERROR :too many connections from ::/64 (1)");
            first.getOutputStream().write("NICK six\r\nUSER six 0 * :six\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(firstLine(first)).contains(" 001 six ");
        }
    }

    /** The first line the server sends a connection made from the local address {@code from}. */
    private static String firstLineFrom(String from, InetSocketAddress to) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(to, (int) ClientSocket.DEADLINE.toMillis());
            socket.setSoTimeout((int) ClientSocket.DEADLINE.toMillis());
            return firstLine(socket);
        }
    }

    private static String firstLine(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    /** With two in and a limit of two: a third gets {@code refusal} and is closed; once one leaves, another gets in. */
    private static void refusesAThirdUntilOneLeaves(TestServer server, String refusal) throws Exception {
        try (TextClient first = server.user("first"); TextClient second = server.user("second")) {
            try (TextClient third = server.connect()) {
                assertThat(third.expectClosed()).containsExactly(refusal);
            }
            first.send("/quit");
            first.expectClosed();
            second.expect("* first quit");
            try (TextClient fourth = server.connect()) {
                fourth.expectRegex("\\* welcome .*");
            }
        }
    }

    @Test
    void shutdownTellsEveryoneAndCloses() throws Exception {
        TestServer server = TestServer.start();
        try (TextClient alice = server.user("alice"); TextClient bob = server.user("bob")) {
            server.close();
            assertThat(alice.expectClosed()).endsWith("* server shutting down");
            assertThat(bob.expectClosed()).endsWith("* server shutting down");
        }
    }
}
