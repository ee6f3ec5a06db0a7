package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactorchat.testing.TextClient;

/**
 * The loop on its own, with a tiny dialect: upper-cases what it reads, fails on "boom" and "oom",
 * and sends one buffer twice on "twice".
 */
class EventLoopTest {
    private static final ByteBuffer ONE_BUFFER = StandardCharsets.UTF_8.encode("same\n").asReadOnlyBuffer();
    /** Why each connection was closed, as its handler heard it; loop thread only. */
    private final List<String> closed = new ArrayList<>();
    private final ConnectionFactory shouting = new ConnectionFactory() {
        @Override
        public ConnectionHandler open(Connection connection) {
            return new ConnectionHandler() {
                @Override
                public void onBytes(ByteBuffer in) {
                    String text = StandardCharsets.UTF_8.decode(in).toString();
                    if (text.contains("boom")) {
                        throw new IllegalStateException("a bug in a handler");
                    }
                    if (text.contains("oom")) {
                        throw new OutOfMemoryError("a handler ran out of heap");
                    }
                    if (text.contains("twice")) {
                        connection.send(ONE_BUFFER); // the same buffer twice in one queue, as a constant line can be
                        connection.send(ONE_BUFFER);
                        return;
                    }
                    connection.send(StandardCharsets.UTF_8.encode(text.toUpperCase()));
                }

                @Override
                public void onEof() {
                    connection.closeAfterFlush("eof");
                }

                @Override
                public void onIdle() {
                    connection.close("idle");
                }

                @Override
                public void onShutdown() {
                    connection.send(StandardCharsets.UTF_8.encode("bye\n"));
                    connection.closeAfterFlush("shutdown");
                }

                @Override
                public void onClosed(String reason) {
                    closed.add(reason);
                }
            };
        }

        @Override
        public ByteBuffer refusal(String reason) {
            return StandardCharsets.UTF_8.encode(reason + "\n");
        }
    };

    private EventLoop loop;
    private Thread thread;
    private final CompletableFuture<Boolean> ranWell = new CompletableFuture<>();
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        loop = new EventLoop();
        address = loop.listen("shout", new InetSocketAddress("127.0.0.1", 0), shouting, Limits.DEFAULTS).localAddress();
        thread = new Thread(() -> ranWell.complete(loop.run()), "loop-under-test");
        thread.start();
    }

    @AfterEach
    void stop() throws Exception {
        loop.execute(() -> loop.shutdown(1000));
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void anExceptionClosesOnlyTheConnectionThatCausedIt() throws Exception {
        try (TextClient good = TextClient.connect(address); TextClient bad = TextClient.connect(address)) {
            good.send("hello").expect("HELLO");
            bad.send("boom");
            bad.expectClosed();
            good.send("still served").expect("STILL SERVED");
            try (TextClient late = TextClient.connect(address)) {
                late.send("new ones too").expect("NEW ONES TOO");
            }
        }
    }

    @Test
    void runningOutOfMemoryWhileServingOneConnectionClosesOnlyThatOne() throws Exception {
        try (TextClient good = TextClient.connect(address); TextClient bad = TextClient.connect(address)) {
            good.send("hello").expect("HELLO");
            bad.send("oom");
            bad.expectClosed();
            good.send("still served").expect("STILL SERVED");
        }
        CompletableFuture<Long> cuts = new CompletableFuture<>();
        loop.execute(() -> cuts.complete(loop.stats().errorCuts()));
        assertThat(cuts.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void anErrorThatNoConnectionCausedShutsTheLoopDownWithGoodbyes() throws Exception {
        try (TextClient client = TextClient.connect(address)) {
            client.send("x").expect("X");
            loop.execute(() -> {
                throw new OutOfMemoryError("the heap ran out between connections");
            });
            assertThat(client.expectClosed()).containsExactly("bye");
        }
        assertThat(ranWell.get(10, TimeUnit.SECONDS)).as("run() reports that the loop failed").isFalse();
    }

    @Test
    void aConnectionClosedByOneTimerIsClosedBeforeTheNextTimerRuns() throws Exception {
        try (TextClient client = TextClient.connect(address)) {
            client.send("x").expect("X");
            CompletableFuture<List<String>> closedBeforeNextTimer = new CompletableFuture<>();
            loop.execute(() -> {
                loop.schedule(0, () -> loop.connections().forEach(c -> c.close("cut by a timer")));
                loop.schedule(0, () -> closedBeforeNextTimer.complete(List.copyOf(closed)));
            });
            assertThat(closedBeforeNextTimer.get(10, TimeUnit.SECONDS)).containsExactly("cut by a timer");
            client.expectClosed();
        }
    }

    @Test
    void outputHeldForTheFlushWindowIsWrittenWhenItEndsThoughNothingElseHappens() throws Exception {
        try (TextClient client = TextClient.connect(address)) {
            client.send("x").expect("X");
            CompletableFuture<Long> queuedAt = sendToAllWithTheWholeWindow(200, StandardCharsets.UTF_8.encode("held\n"));
            client.expect("held"); // no other event wakes the loop: only the window's end does
            long waited = System.nanoTime() - queuedAt.get(10, TimeUnit.SECONDS);
            assertThat(waited).as("it waited for the window").isGreaterThan(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    @Test
    void outputThatFillsAWriteIsNotHeldForTheFlushWindow() throws Exception {
        try (TextClient client = TextClient.connect(address)) {
            client.send("x").expect("X");
            byte[] bulk = ("b".repeat(64 * 1024 - 1) + "\n").getBytes(StandardCharsets.US_ASCII);
            CompletableFuture<Long> queuedAt = sendToAllWithTheWholeWindow(100, ByteBuffer.wrap(bulk));
            client.expect("b".repeat(64 * 1024 - 1));
            long waited = System.nanoTime() - queuedAt.get(10, TimeUnit.SECONDS);
            assertThat(waited).as("waiting for more would gain nothing").isLessThan(TimeUnit.MILLISECONDS.toNanos(90));
        }
    }

    /**
     * On the loop: opens the flush window to {@code millis} (the whole of it, as if the loop were
     * saturated) and sends {@code bytes} to every connection; completes with when they were queued.
     */
    private CompletableFuture<Long> sendToAllWithTheWholeWindow(long millis, ByteBuffer bytes) {
        CompletableFuture<Long> queuedAt = new CompletableFuture<>();
        loop.execute(() -> {
            loop.setFlushWindow(millis);
            loop.flushWindow().passed(0, TimeUnit.MILLISECONDS.toNanos(60));
            loop.connections().forEach(c -> c.send(bytes));
            queuedAt.complete(System.nanoTime());
        });
        return queuedAt;
    }

    @Test
    void oneBufferQueuedTwiceIsWrittenTwice() throws Exception {
        try (TextClient client = TextClient.connect(address)) {
            client.send("twice").expect("same");
            client.expect("same");
            client.send("after").expect("AFTER");
        }
    }

    @Test
    void tasksFromOtherThreadsRunOnTheLoopThread() throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        loop.execute(() -> ranOn.complete(Thread.currentThread()));
        assertThat(ranOn.get(10, TimeUnit.SECONDS)).isSameAs(thread);
    }

    @Test
    void aConnectionClosedByOneTaskIsClosedBeforeTheNextTaskRuns() throws Exception {
        // A close gives the connection's memory back to the budget at once; the next handler, timer
        // or task may spend it, so the closed connection's own bytes must be let go of by then.
        try (TextClient client = TextClient.connect(address)) {
            client.send("x").expect("X");
            CompletableFuture<List<String>> closedBeforeNextTask = new CompletableFuture<>();
            loop.execute(() -> {
                loop.connections().forEach(c -> c.close("cut"));
                loop.execute(() -> closedBeforeNextTask.complete(List.copyOf(closed)));
            });
            assertThat(closedBeforeNextTask.get(10, TimeUnit.SECONDS)).containsExactly("cut");
            client.expectClosed();
        }
    }

    @Test
    void timersRunOnTheLoopNoEarlierThanAsked() throws Exception {
        CompletableFuture<Long> firedAfter = new CompletableFuture<>();
        long start = System.nanoTime();
        loop.execute(() -> loop.schedule(50, () -> firedAfter.complete(System.nanoTime() - start)));
        assertThat(firedAfter.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void shutdownLetsHandlersSayGoodbye() throws Exception {
        try (TextClient client = TextClient.connect(address)) {
            client.send("x").expect("X");
            loop.execute(() -> loop.shutdown(1000));
            assertThat(client.expectClosed()).containsExactly("bye");
        }
    }
}
