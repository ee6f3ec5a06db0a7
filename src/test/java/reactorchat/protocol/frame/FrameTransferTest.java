package reactorchat.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.codec.Frame;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;
import reactorchat.reactor.WaterMarks;
import reactorchat.testing.FrameClient;
import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;
import reactorchat.testing.TestServer;

/** File transfers between frame users over real sockets: whole files, refusals, cancels, vanishing, back-pressure. */
class FrameTransferTest {
    /** How every test user, all on 127.0.0.1, is shown to IRC users: a cloak, not the address. */
    private static final String HOST = TestServer.LOOPBACK_CLOAK;
    private static final int CHUNK = 64 << 10;
    private static final AtomicInteger NAMES = new AtomicInteger();
    // A small kernel send buffer per connection, so a receiver that stops reading backs up into our queue soon.
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "frame=127.0.0.1:0", "--listen", "http=127.0.0.1:0",
            "--listen", "irc=127.0.0.1:0", "--max-file", "64m", "--socket-send-buffer", "64k");
    private static InetSocketAddress frame;

    @BeforeAll
    static void start() throws Exception {
        frame = server.address("frame");
    }

    private static FrameClient user(String stem) throws IOException {
        return FrameClient.user(frame, stem + NAMES.incrementAndGet());
    }

    private static byte[] randomFile(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** Offers {@code data} from alice to bob and has bob accept: the transfer's id. */
    private static String offerAndAccept(FrameClient alice, FrameClient bob, String name, byte[] data) throws IOException {
        String id = offer(alice, bob, name, data);
        bob.send(ToServer.ACCEPT, id).expect(ToClient.ACCEPTED, id);
        alice.expect(ToClient.ACCEPTED, id);
        return id;
    }

    private static String offer(FrameClient alice, FrameClient bob, String name, byte[] data) throws IOException {
        String size = Integer.toString(data.length);
        String sha = FrameClient.sha256(data);
        Frame offered = alice.send(ToServer.OFFER, bob.nick(), name, size, sha)
                .expect(ToClient.OFFERED, null, bob.nick(), name, size);
        String id = offered.field(0);
        bob.expect(ToClient.OFFER, id, alice.nick(), name, size, sha);
        return id;
    }

    @Test
    void aFileOfAFewMegabytesArrivesWholeAndTheServerForgetsIt() throws Exception {
        byte[] data = randomFile(8 << 20, 1);
        try (FrameClient alice = user("alice"); FrameClient bob = user("bob")) {
            String id = offerAndAccept(alice, bob, "data.bin", data);
            long start = System.nanoTime();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendQuietly(alice, id, data));
            FrameClient.Received received = bob.receiveFile(id);
            double seconds = (System.nanoTime() - start) / 1e9;
            sending.get(30, TimeUnit.SECONDS);
            assertThat(received.completed()).as(FrameClient.show(received.end())).isTrue();
            assertThat(received.bytes()).isEqualTo(data.length);
            assertThat(received.sha256()).isEqualTo(FrameClient.sha256(data));
            alice.expect(ToClient.COMPLETE, id);
            System.out.printf("frame transfer: %d MiB in %.2f s, %.0f MiB/s%n", data.length >> 20, seconds,
                    (data.length >> 20) / seconds);
            awaitMetric("reactorchat_transfers", 0);
            // The id means nothing now.
            alice.sendChunk(id, data, 0, 10).send(ToServer.PING, "after");
            alice.expect(ToClient.ERROR, "no-such-transfer", null, "CHUNK");
        }
    }

    @Test
    void anEmptyFileIsCompleteOnceAccepted() throws Exception {
        try (FrameClient alice = user("alice"); FrameClient bob = user("bob")) {
            String id = offerAndAccept(alice, bob, "empty", new byte[0]);
            bob.expect(ToClient.COMPLETE, id);
            alice.expect(ToClient.COMPLETE, id);
        }
    }

    @Test
    void aDeclinedOfferEndsForBoth() throws Exception {
        byte[] data = randomFile(1000, 2);
        try (FrameClient alice = user("alice"); FrameClient bob = user("bob")) {
            String id = offer(alice, bob, "no.txt", data);
            bob.send(ToServer.DECLINE, id, "not now\u0007").expect(ToClient.DECLINED, id, "not now");
            alice.expect(ToClient.DECLINED, id, "not now");
            bob.send(ToServer.ACCEPT, id).expect(ToClient.ERROR, "no-such-transfer", null, "ACCEPT");
        }
    }

    @Test
    void offersAreChecked() throws Exception {
        String sha = "0".repeat(64);
        try (FrameClient alice = user("alice"); FrameClient bob = user("bob")) {
            alice.send(ToServer.OFFER, "nobody-at-all", "f", "1", sha).expect(ToClient.ERROR, "no-such-nick", null, "OFFER");
            alice.send(ToServer.OFFER, bob.nick(), "f", "ten", sha).expect(ToClient.ERROR, "bad-offer", null, "OFFER");
            alice.send(ToServer.OFFER, bob.nick(), "a/b", "1", sha).expect(ToClient.ERROR, "bad-offer", null, "OFFER");
            alice.send(ToServer.OFFER, bob.nick(), "f", "1", "xyz").expect(ToClient.ERROR, "bad-offer", null, "OFFER");
            alice.send(ToServer.OFFER, bob.nick(), "f", Long.toString((64L << 20) + 1), sha)
                    .expect(ToClient.ERROR, "file-too-large", null, "OFFER");
            alice.send(ToServer.OFFER, bob.nick(), "f", "1").expect(ToClient.ERROR, "bad-frame", null, "OFFER");
            alice.send(ToServer.OFFER, bob.nick(), "f", "9".repeat(19), sha)
                    .expect(ToClient.ERROR, "file-too-large", null, "OFFER"); // a number, only too big
            alice.send(ToServer.OFFER, bob.nick(), "f", "9".repeat(19) + "x", sha)
                    .expect(ToClient.ERROR, "bad-offer", null, "OFFER");
            for (int i = 0; i < 8; i++) {
                alice.send(ToServer.OFFER, bob.nick(), "f" + i, "1", sha).expect(ToClient.OFFERED);
            }
            alice.send(ToServer.OFFER, bob.nick(), "f9", "1", sha).expect(ToClient.ERROR, "too-many-transfers", null, "OFFER");
        }
    }

    @Test
    void oneSenderCannotFillAReceiversSlotsForEveryoneElse() throws Exception {
        String sha = "0".repeat(64);
        try (FrameClient alice = user("alice"); FrameClient bob = user("bob"); FrameClient carol = user("carol")) {
            for (int i = 0; i < 8; i++) {
                alice.send(ToServer.OFFER, bob.nick(), "spam" + i, "1", sha).expect(ToClient.OFFERED);
            }
            alice.send(ToServer.OFFER, bob.nick(), "spam8", "1", sha)
                    .expect(ToClient.ERROR, "too-many-transfers", "you have 8 transfers under way already", "OFFER");
            carol.send(ToServer.OFFER, bob.nick(), "wanted", "1", sha).expect(ToClient.OFFERED, null, bob.nick(), "wanted");
        }
    }

    @Test
    void lineAndIrcUsersSeeAnOfferAsANoticeAndTheSenderHearsTheyCannotTakeIt() throws Exception {
        String lineNick = "liner" + NAMES.incrementAndGet();
        String ircNick = "ircer" + NAMES.incrementAndGet();
        try (FrameClient alice = user("alice"); TextClient line = server.user(lineNick);
             TextClient irc = TextClient.connect(server.address("irc"))) {
            Frame offered = alice.send(ToServer.OFFER, lineNick, "report.pdf", "1234567", "a".repeat(64))
                    .expect(ToClient.OFFERED, null, lineNick, "report.pdf", "1234567");
            line.expect("* " + alice.nick() + " offers you report.pdf (1.2 MB); receive files with a frame client");
            alice.expect(ToClient.CANCELLED, offered.field(0), lineNick + " cannot receive files");

            irc.send("NICK " + ircNick).send("USER u 0 * :r").expectRegex("(?s).* 001 .*");
            offered = alice.send(ToServer.OFFER, ircNick, "a b.txt", "999", "a".repeat(64)).expect(ToClient.OFFERED);
            irc.skipUntil(Expected.exactly(":" + alice.nick() + "!guest@" + HOST + " NOTICE " + ircNick
                    + " :offers you a b.txt (999 bytes); receive files with a frame client\r")); // IRC lines end in CR LF
            alice.expect(ToClient.CANCELLED, offered.field(0), ircNick + " cannot receive files");
        }
    }

    @Test
    void chunksThatBreakTheRulesGetAnErrorAndEndTheTransfer() throws Exception {
        byte[] data = randomFile(100, 3);
        try (FrameClient alice = user("alice"); FrameClient bob = user("bob"); FrameClient eve = user("eve")) {
            String early = offer(alice, bob, "early", data);
            alice.sendChunk(early, data, 0, 10);
            alice.expect(ToClient.CANCELLED, early, "chunk before the offer was accepted");
            alice.expect(ToClient.ERROR, "not-accepted", null, "CHUNK");
            bob.expect(ToClient.CANCELLED, early, "chunk before the offer was accepted");

            String id = offerAndAccept(alice, bob, "late", data);
            eve.sendChunk(id, data, 0, 10).expect(ToClient.ERROR, "no-such-transfer", null, "CHUNK");
            bob.send(ToServer.PING, "x").expect(ToClient.PONG, "x"); // nothing was relayed to bob
            alice.sendChunk(id, data, 0, 60).sendChunk(id, data, 0, 60);
            bob.expect(ToClient.CHUNK, id);
            bob.expect(ToClient.CANCELLED, id, "too much data: more than the 100 bytes offered");
            alice.skipUntil(ToClient.ERROR, "too-much-data", null, "CHUNK");
        }
    }

    @Test
    void eitherSideCancelsMidTransfer() throws Exception {
        byte[] data = randomFile(1 << 20, 4);
        try (FrameClient alice = user("alice"); FrameClient bob = user("bob")) {
            String first = offerAndAccept(alice, bob, "one", data);
            alice.sendChunk(first, data, 0, CHUNK);
            bob.expect(ToClient.CHUNK, first);
            alice.send(ToServer.CANCEL, first, "changed my mind");
            bob.expect(ToClient.CANCELLED, first, "cancelled by " + alice.nick() + ": changed my mind");
            alice.expect(ToClient.CANCELLED, first, "cancelled by " + alice.nick() + ": changed my mind");

            String second = offerAndAccept(alice, bob, "two", data);
            alice.sendChunk(second, data, 0, CHUNK);
            bob.expect(ToClient.CHUNK, second);
            bob.send(ToServer.CANCEL, second);
            alice.expect(ToClient.CANCELLED, second, "cancelled by " + bob.nick());
            bob.send(ToServer.CANCEL, second).skipUntil(ToClient.ERROR, "no-such-transfer", null, "CANCEL");
            awaitMetric("reactorchat_transfers", 0);
        }
    }

    @Test
    void aSenderVanishingCancelsForTheReceiver() throws Exception {
        byte[] data = randomFile(4 << 20, 5);
        try (FrameClient bob = user("bob")) {
            String id;
            String aliceNick;
            try (FrameClient alice = user("alice")) {
                aliceNick = alice.nick();
                id = offerAndAccept(alice, bob, "gone", data);
                alice.sendChunk(id, data, 0, CHUNK).sendChunk(id, data, CHUNK, 1000); // ends inside a chunk
                bob.expect(ToClient.CHUNK, id);
                alice.resetOnClose();
            }
            bob.expect(ToClient.CANCELLED, id, aliceNick + " left");
            awaitMetric("reactorchat_transfers", 0);
        }
    }

    @Test
    void aReceiverVanishingCancelsForTheSenderAndLetsItReadAgain() throws Exception {
        byte[] data = randomFile(32 << 20, 6);
        try (FrameClient alice = user("alice")) {
            String id;
            String bobNick;
            CompletableFuture<Void> sending;
            try (FrameClient bob = FrameClient.user(frame, "bob" + NAMES.incrementAndGet(), 8192)) {
                bobNick = bob.nick();
                id = offerAndAccept(alice, bob, "stuck", data);
                sending = CompletableFuture.runAsync(() -> sendQuietly(alice, id, data));
                awaitMetricAbove("reactorchat_back_pressure_pauses_total", 0); // bob reads nothing: alice waits
                bob.resetOnClose();
            }
            alice.expect(ToClient.CANCELLED, id, bobNick + " left");
            awaitMetric("reactorchat_transfers", 0);
            sending.get(30, TimeUnit.SECONDS); // the server read on, and dropped the rest
            alice.send(ToServer.PING, "free").skipUntil(ToClient.PONG, "free");
        }
    }

    @Test
    void aReceiverThatStopsReadingPausesTheSenderAndTheServerHoldsLittle() throws Exception {
        byte[] data = randomFile(32 << 20, 7);
        try (FrameClient alice = user("alice"); FrameClient bob = FrameClient.user(frame, "bob" + NAMES.incrementAndGet(), 8192)) {
            String id = offerAndAccept(alice, bob, "big", data);
            long pausesBefore = server.metric("reactorchat_back_pressure_pauses_total");
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendQuietly(alice, id, data));
            awaitMetricAbove("reactorchat_back_pressure_pauses_total", pausesBefore);
            // Bob reads nothing: whatever is queued for him stays under the high mark plus one chunk.
            long bound = WaterMarks.DEFAULTS.high() + Frame.headerBytes(java.util.List.of(id)) + CHUNK + 4 + 1024;
            long transferredSoFar = server.metric("reactorchat_transfer_bytes_total");
            for (int i = 0; i < 20; i++) {
                assertThat(server.metric("reactorchat_outbound_queued_bytes")).isLessThanOrEqualTo(bound);
                Thread.sleep(25);
            }
            assertThat(sending).as("kernel buffers cannot hold 32 MiB: the sender must be held back").isNotDone();
            assertThat(server.metric("reactorchat_transfer_bytes_total") - transferredSoFar)
                    .as("relayed while bob read nothing").isLessThan(2 * CHUNK);

            FrameClient.Received received = bob.receiveFile(id);
            sending.get(60, TimeUnit.SECONDS);
            assertThat(received.completed()).isTrue();
            assertThat(received.sha256()).isEqualTo(FrameClient.sha256(data));
            alice.expect(ToClient.COMPLETE, id);
        }
    }

    /** Chat for others goes on while a transfer runs; a chat frame is answered between chunks. */
    @Test
    void chatGoesOnDuringATransfer() throws Exception {
        byte[] data = randomFile(16 << 20, 8);
        String room = "busy" + NAMES.incrementAndGet();
        try (FrameClient alice = user("alice"); FrameClient bob = user("bob"); FrameClient carol = user("carol");
             FrameClient dave = user("dave")) {
            carol.send(ToServer.JOIN, room);
            dave.send(ToServer.JOIN, room).expect(ToClient.JOINED, room, dave.nick());
            String id = offerAndAccept(alice, bob, "while.bin", data);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendQuietly(alice, id, data));
            CompletableFuture<FrameClient.Received> receiving = CompletableFuture.supplyAsync(() -> {
                try {
                    return bob.receiveFile(id);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long worst = 0;
            for (int i = 0; i < 50; i++) {
                long start = System.nanoTime();
                carol.send(ToServer.SAY, room, "line " + i);
                // carol's JOIN was not awaited: dave may hear of it before or after his own
                dave.skipUntil(ToClient.MESSAGE, room, carol.nick(), "say", "line " + i);
                worst = Math.max(worst, System.nanoTime() - start);
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(worst)).as("worst chat round trip during a transfer").isLessThan(2_000);
            System.out.printf("chat round trip during a transfer: worst of 50 %.1f ms%n", worst / 1e6);
            sending.get(60, TimeUnit.SECONDS);
            assertThat(receiving.get(60, TimeUnit.SECONDS).sha256()).isEqualTo(FrameClient.sha256(data));
        }
    }

    private static void sendQuietly(FrameClient client, String id, byte[] data) {
        try {
            client.sendFile(id, data, CHUNK);
        } catch (IOException e) {
            // The server may reset a connection whose transfer it cancelled; the test looks at the frames.
        }
    }

    private static void awaitMetric(String name, long wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long value;
        while ((value = server.metric(name)) != wanted) {
            assertThat(System.nanoTime()).as(name + " is " + value + ", waiting for " + wanted).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void awaitMetricAbove(String name, long floor) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.metric(name) <= floor) {
            assertThat(System.nanoTime()).as("waiting for " + name + " over " + floor).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
