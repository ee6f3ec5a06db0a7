package reactorchat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.codec.Frame;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;
import reactorchat.testing.FrameClient;
import reactorchat.testing.TestServer;

/** send-file and receive-files against the real server, and against a peer a test drives frame by frame. */
class TransferTest {
    /** More than the kernel's buffers on both hops can hold, so a stalled transfer cannot finish unseen. */
    private static final int BIGGER_THAN_SOCKET_BUFFERS = 64 * 1024 * 1024;

    private final ExecutorService runner = Executors.newCachedThreadPool();
    private final Captured senderErr = new Captured();
    private final Captured receiverOut = new Captured();
    private final Captured receiverErr = new Captured();
    @TempDir
    Path temp;
    private Path inbox;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        inbox = Files.createDirectory(temp.resolve("inbox"));
        server = TestServer.start("--listen", "frame=127.0.0.1:0");
    }

    @AfterEach
    void stop() throws Exception {
        runner.shutdownNow();
        server.close();
    }

    @Test
    void aFileArrivesWholeUnderItsName() throws Exception {
        Path file = file("report.bin", 1024 * 1024 + 17);
        Future<Integer> receiver = receive("--receive-files", inbox.toString(), "--nick", "bob", "--once");
        receiverErr.await("receiving files into " + inbox.toAbsolutePath() + " as bob");
        int sent = cli(senderErr, "--send-file", "bob", file.toString(), "--nick", "alice");
        assertThat(sent).as(senderErr.text()).isEqualTo(Client.OK);
        assertThat(receiver.get(10, TimeUnit.SECONDS)).as(receiverErr.text()).isEqualTo(Client.OK);
        Path saved = inbox.resolve("report.bin");
        assertThat(Files.mismatch(file, saved)).isEqualTo(-1);
        assertThat(receiverOut.text()).isEqualTo(saved.toAbsolutePath() + System.lineSeparator());
        assertThat(senderErr.text()).contains("offered report.bin (1.0 MiB) to bob", "sent report.bin (1.0 MiB) to bob");
        assertThat(receiverErr.text()).contains("saved report.bin (1.0 MiB) from alice, SHA-256 checked");
        assertThat(listing()).containsExactly("report.bin");
    }

    @Test
    void anEmptyFileArrivesToo() throws Exception {
        Path file = file("empty", 0);
        Future<Integer> receiver = receive("--receive-files", inbox.toString(), "--nick", "bob", "--once");
        receiverErr.await("as bob");
        assertThat(cli(senderErr, "--send-file", "bob", file.toString(), "--nick", "alice")).isEqualTo(Client.OK);
        assertThat(receiver.get(10, TimeUnit.SECONDS)).isEqualTo(Client.OK);
        assertThat(inbox.resolve("empty")).isEmptyFile();
    }

    @Test
    void aTakenNameGetsANumberAndTheOldFileIsLeftAlone() throws Exception {
        Files.writeString(inbox.resolve("notes.txt"), "mine");
        Path file = file("notes.txt", 5000);
        Future<Integer> receiver = receive("--receive-files", inbox.toString(), "--nick", "bob", "--once");
        receiverErr.await("as bob");
        assertThat(cli(senderErr, "--send-file", "bob", file.toString(), "--nick", "alice")).isEqualTo(Client.OK);
        assertThat(receiver.get(10, TimeUnit.SECONDS)).isEqualTo(Client.OK);
        assertThat(inbox.resolve("notes.txt")).hasContent("mine");
        assertThat(Files.mismatch(file, inbox.resolve("notes (1).txt"))).isEqualTo(-1);
    }

    @Test
    void anOfferFromSomeoneNotListedIsDeclined() throws Exception {
        FileReceiver receiver = new FileReceiver(inbox, List.of("carol"), false, Progress.Style.OFF,
                receiverOut.stream(), receiverErr.stream());
        Future<Integer> receiving = runner.submit(() -> receiver.run(frameAddress(), "bob"));
        receiverErr.await("as bob from carol");
        Path file = file("spam.exe", 100);
        assertThat(cli(senderErr, "--send-file", "bob", file.toString(), "--nick", "alice")).isEqualTo(Client.INCOMPLETE);
        assertThat(senderErr.text()).endsWith("reactor-chat client: bob declined spam.exe: not from carol" + System.lineSeparator());
        receiverErr.await("declined spam.exe from alice: not from carol");
        receiver.interrupt();
        assertThat(receiving.get(10, TimeUnit.SECONDS)).isEqualTo(Client.OK);
        assertThat(listing()).isEmpty();
    }

    @Test
    void anOfferToNobodyIsRefused() throws Exception {
        Path file = file("x", 10);
        assertThat(cli(senderErr, "--send-file", "nobody", file.toString())).isEqualTo(Client.INCOMPLETE);
        assertThat(senderErr.text()).contains("the server refused the offer: ").contains("no-such-nick");
    }

    @Test
    void aSenderInterruptedMidwayCancelsForTheReceiver() throws Exception {
        Path file = file("big.bin", BIGGER_THAN_SOCKET_BUFFERS);
        try (FrameClient bob = FrameClient.user(frameAddress(), "bob")) {
            FileSender sender = sender("bob", file);
            Future<Integer> sending = runner.submit(() -> sender.run(frameAddress(), "alice"));
            String id = bob.expect(ToClient.OFFER).field(0);
            bob.send(ToServer.ACCEPT.frame(id));
            bob.skipUntil(ToClient.CHUNK);
            // bob reads no more: the server stops reading alice, who is cut off mid-file when interrupted
            sender.interrupt();
            assertThat(sending.get(10, TimeUnit.SECONDS)).isEqualTo(Client.INCOMPLETE);
            assertThat(senderErr.text()).contains("reactor-chat client: cancelled big.bin: interrupted");
            Frame cancelled = bob.skipUntil(ToClient.CANCELLED, id);
            assertThat(cancelled.field(1)).matches("cancelled by alice: interrupted|alice left");
        }
    }

    @Test
    void aReceiverThatVanishesEndsTheSendersRun() throws Exception {
        Path file = file("big.bin", BIGGER_THAN_SOCKET_BUFFERS);
        FileSender sender = sender("bob", file);
        Future<Integer> sending;
        try (FrameClient bob = FrameClient.user(frameAddress(), "bob")) {
            sending = runner.submit(() -> sender.run(frameAddress(), "alice"));
            bob.send(ToServer.ACCEPT.frame(bob.expect(ToClient.OFFER).field(0)));
            bob.skipUntil(ToClient.CHUNK);
        }
        assertThat(sending.get(10, TimeUnit.SECONDS)).isEqualTo(Client.INCOMPLETE);
        assertThat(senderErr.text()).contains("reactor-chat client: the transfer was cancelled: bob left");
    }

    @Test
    void aReceiverInterruptedMidwayCancelsAndKeepsNothing() throws Exception {
        FileReceiver receiver = receiver(true);
        Future<Integer> receiving = runner.submit(() -> receiver.run(frameAddress(), "bob"));
        try (FrameClient alice = FrameClient.user(frameAddress(), "alice")) {
            receiverErr.await("as bob");
            alice.send(ToServer.OFFER.frame("bob", "half.bin", "1000000", "0".repeat(64)));
            String id = alice.expect(ToClient.OFFERED).field(0);
            alice.expect(ToClient.ACCEPTED);
            alice.sendFile(id, new byte[70_000], FileSender.CHUNK_BYTES);
            awaitPartialFile(70_000);
            receiver.interrupt();
            Frame cancelled = alice.expect(ToClient.CANCELLED);
            assertThat(cancelled.field(1)).isEqualTo("cancelled by bob: receiver interrupted");
        }
        assertThat(receiving.get(10, TimeUnit.SECONDS)).isEqualTo(Client.INCOMPLETE);
        assertThat(listing()).isEmpty();
    }

    @Test
    void aStalledTransferIsCancelledAfterTheStallDeadline() throws Exception {
        FileReceiver receiver = receiver(true);
        receiver.stallNanos = TimeUnit.SECONDS.toNanos(1);
        Future<Integer> receiving = runner.submit(() -> receiver.run(frameAddress(), "bob"));
        try (FrameClient alice = FrameClient.user(frameAddress(), "alice")) {
            receiverErr.await("as bob");
            alice.send(ToServer.OFFER.frame("bob", "stuck.bin", "1000000", "0".repeat(64)));
            String id = alice.expect(ToClient.OFFERED).field(0);
            alice.expect(ToClient.ACCEPTED);
            alice.sendFile(id, new byte[1000], FileSender.CHUNK_BYTES); // then nothing more
            Frame cancelled = alice.expect(ToClient.CANCELLED);
            assertThat(cancelled.field(1)).isEqualTo("cancelled by bob: stalled: nothing received for 1 s");
        }
        assertThat(receiving.get(10, TimeUnit.SECONDS)).isEqualTo(Client.INCOMPLETE);
        assertThat(receiverErr.text()).contains("stuck.bin from alice not saved: stalled: nothing received for 1 s");
        assertThat(listing()).isEmpty();
    }

    @Test
    void aFileWhoseHashDoesNotMatchIsDiscarded() throws Exception {
        FileReceiver receiver = receiver(true);
        Future<Integer> receiving = runner.submit(() -> receiver.run(frameAddress(), "bob"));
        try (FrameClient alice = FrameClient.user(frameAddress(), "alice")) {
            receiverErr.await("as bob");
            alice.send(ToServer.OFFER.frame("bob", "forged.bin", "1000", "ab".repeat(32)));
            String id = alice.expect(ToClient.OFFERED).field(0);
            alice.expect(ToClient.ACCEPTED);
            alice.sendFile(id, new byte[1000], FileSender.CHUNK_BYTES);
            alice.expect(ToClient.COMPLETE);
        }
        assertThat(receiving.get(10, TimeUnit.SECONDS)).isEqualTo(Client.INCOMPLETE);
        assertThat(receiverErr.text()).contains("forged.bin from alice not saved: its SHA-256 does not match the offer");
        assertThat(listing()).isEmpty();
    }

    @Test
    void offeredNamesAreMadeSafeBeforeTheyAreUsed() throws Exception {
        FileReceiver receiver = receiver(true);
        Future<Integer> receiving = runner.submit(() -> receiver.run(frameAddress(), "bob"));
        try (FrameClient alice = FrameClient.user(frameAddress(), "alice")) {
            receiverErr.await("as bob");
            // An empty file's hash; the name would be hidden, and hides its real extension
            alice.send(ToServer.OFFER.frame("bob", ".profile\u202Etxt.sh", "0",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
            alice.skipUntil(ToClient.COMPLETE);
        }
        assertThat(receiving.get(10, TimeUnit.SECONDS)).isEqualTo(Client.OK);
        assertThat(listing()).containsExactly("profiletxt.sh");
    }

    @Test
    void aReceiverWaitingLongerThanTheIdleTimeoutIsKeptAlive() throws Exception {
        try (TestServer strict = TestServer.start("--listen", "frame=127.0.0.1:0", "--idle-timeout", "1")) {
            InetSocketAddress address = strict.address("frame");
            FileReceiver receiver = receiver(true);
            receiver.keepAliveNanos = TimeUnit.MILLISECONDS.toNanos(300);
            Future<Integer> receiving = runner.submit(() -> receiver.run(address, "bob"));
            receiverErr.await("as bob");
            try (FrameClient silent = FrameClient.user(address, "carol")) {
                silent.expect(ToClient.BYE, "idle for 1 seconds"); // an idle time-out has gone by
            }
            try (FrameClient alice = FrameClient.user(address, "alice")) {
                alice.send(ToServer.OFFER.frame("bob", "late.txt", "0",
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
                alice.skipUntil(ToClient.COMPLETE);
            }
            assertThat(receiving.get(10, TimeUnit.SECONDS)).isEqualTo(Client.OK);
            assertThat(listing()).containsExactly("late.txt");
        }
    }

    private Future<Integer> receive(String... args) {
        List<String> all = Stream.concat(Stream.of(args), Stream.of("--progress", "off", target())).toList();
        return runner.submit((Callable<Integer>) () -> Client.run(all, new ByteArrayInputStream(new byte[0]),
                receiverOut.stream(), receiverErr.stream(), false));
    }

    private int cli(Captured err, String... args) {
        List<String> all = Stream.concat(Stream.of(args), Stream.of("--progress", "off", target())).toList();
        return Client.run(all, new ByteArrayInputStream(new byte[0]), System.out, err.stream(), false);
    }

    private FileSender sender(String peer, Path file) throws IOException {
        return new FileSender(peer, LocalFile.read(file), Progress.Style.OFF, System.out, senderErr.stream());
    }

    private FileReceiver receiver(boolean once) {
        return new FileReceiver(inbox, List.of(), once, Progress.Style.OFF, receiverOut.stream(), receiverErr.stream());
    }

    /** Waits until the receiver's temporary file holds at least {@code bytes}. */
    private void awaitPartialFile(long bytes) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Stream<Path> files = Files.list(inbox)) {
                long largest = files.mapToLong(p -> p.toFile().length()).max().orElse(0);
                if (largest >= bytes) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the receiver never wrote " + bytes + " bytes; " + receiverErr.text());
            }
            Thread.sleep(10); // polling the disk for bytes the receiver is about to write
        }
    }

    private Path file(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(Files.createDirectories(temp.resolve("outbox")).resolve(name), bytes);
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private InetSocketAddress frameAddress() {
        return server.address("frame");
    }

    private String target() {
        return "127.0.0.1:" + frameAddress().getPort();
    }
}
