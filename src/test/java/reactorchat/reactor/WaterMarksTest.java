package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure over real sockets, with a tiny relay dialect: the first connection is a consumer
 * whose queue is watched against water marks; every later one is a producer whose bytes are
 * queued on the consumer, and whose reads are suspended while the consumer is unwritable.
 */
class WaterMarksTest {
    private static final WaterMarks MARKS = new WaterMarks(4 << 10, 16 << 10);
    private static final int READ_BYTES = 64 << 10;

    private EventLoop loop;
    private Thread thread;
    private InetSocketAddress address;
    private Connection consumer;
    private Connection producer;
    private long highestQueue;

    private final ConnectionFactory relay = new ConnectionFactory() {
        @Override
        public ConnectionHandler open(Connection connection) {
            if (consumer == null) {
                consumer = connection;
                connection.watchWaterMarks(MARKS);
                return handler(connection, () -> {
                    if (producer != null) {
                        producer.reads().resume();
                    }
                });
            }
            producer = connection;
            return handler(connection, () -> { });
        }

        private ConnectionHandler handler(Connection connection, Runnable onWritable) {
            return new ConnectionHandler() {
                @Override
                public void onBytes(ByteBuffer in) {
                    ByteBuffer copy = ByteBuffer.allocate(in.remaining()).put(in).flip();
                    consumer.send(copy);
                    highestQueue = Math.max(highestQueue, consumer.output().bytes());
                    if (!consumer.isWritable()) {
                        connection.reads().suspend();
                    }
                }

                @Override
                public void onWritable() {
                    onWritable.run();
                }

                @Override
                public void onEof() {
                    connection.closeAfterFlush("eof");
                }

                @Override
                public void onIdle() {
                }

                @Override
                public void onShutdown() {
                    connection.close("shutdown");
                }

                @Override
                public void onClosed(String reason) {
                }
            };
        }

        @Override
        public ByteBuffer refusal(String reason) {
            return ByteBuffer.allocate(0);
        }
    };

    @BeforeEach
    void start() throws Exception {
        loop = new EventLoop();
        // A small kernel send buffer, so that our queue, not the kernel, holds what the consumer does not read.
        Limits limits = new Limits(100, 0, 0, 0, 0, 0, 0, 8192);
        address = loop.listen("relay", new InetSocketAddress("127.0.0.1", 0), relay, limits).localAddress();
        thread = new Thread(loop::run, "loop-under-test");
        thread.start();
    }

    @AfterEach
    void stop() throws Exception {
        loop.execute(() -> loop.shutdown(1000));
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(thread.isAlive()).isFalse();
    }

    private <T> T onLoop(Callable<T> question) throws Exception {
        CompletableFuture<T> answer = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                answer.complete(question.call());
            } catch (Exception e) {
                answer.completeExceptionally(e);
            }
        });
        return answer.get(10, TimeUnit.SECONDS);
    }

    private void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!onLoop(condition)) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aConsumerThatStopsReadingSuspendsTheProducerUntilItDrains() throws Exception {
        int total = 8 << 20;
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(8192);
            slow.connect(address);
            await("the consumer", () -> consumer != null);
            try (Socket fast = new Socket(address.getAddress(), address.getPort())) {
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> write(fast, total));
                await("the producer's reads to be suspended", () -> producer != null && producer.reads().isSuspended());
                assertThat(onLoop(() -> producer.socket().isReading())).isFalse();

                long received = drain(slow.getInputStream(), total);
                sending.get(30, TimeUnit.SECONDS);
                assertThat(received).isEqualTo(total);
                await("reads to resume", () -> !producer.reads().isSuspended());
                // A producer reads at most one more buffer after the consumer went over the high mark.
                assertThat(onLoop(() -> highestQueue)).isLessThanOrEqualTo(MARKS.high() + READ_BYTES);
                assertThat(onLoop(() -> loop.stats().backPressurePauses())).isPositive();
            }
        }
    }

    @Test
    void aFloodPauseEndingDoesNotResumeSuspendedReads() throws Exception {
        try (Socket first = new Socket(address.getAddress(), address.getPort())) {
            await("the consumer", () -> consumer != null);
            try (Socket second = new Socket(address.getAddress(), address.getPort())) {
                await("the producer", () -> producer != null);
                CompletableFuture<Boolean> pauseEnded = new CompletableFuture<>();
                onLoop(() -> {
                    producer.reads().suspend();
                    producer.reads().pause(20, () -> pauseEnded.complete(true));
                    return null;
                });
                assertThat(pauseEnded.get(10, TimeUnit.SECONDS)).isTrue();
                assertThat(onLoop(() -> producer.socket().isReading())).as("still suspended").isFalse();
                onLoop(() -> {
                    producer.reads().resume();
                    return null;
                });
                assertThat(onLoop(() -> producer.socket().isReading())).isTrue();

                // And the other way round: resuming during a flood pause leaves reading to the pause's end.
                CompletableFuture<Boolean> secondPauseEnded = new CompletableFuture<>();
                boolean readingDuringPause = onLoop(() -> {
                    producer.reads().pause(200, () -> secondPauseEnded.complete(true));
                    producer.reads().suspend();
                    producer.reads().resume();
                    return producer.socket().isReading();
                });
                assertThat(readingDuringPause).isFalse();
                secondPauseEnded.get(10, TimeUnit.SECONDS);
                await("reading after the pause", () -> producer.socket().isReading());
            }
        }
    }

    @Test
    void waterMarksAreValidated() {
        assertThatThrownBy(() -> new WaterMarks(10, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WaterMarks(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new WaterMarks(5, 5).high()).isEqualTo(5);
    }

    private static void write(Socket socket, int total) {
        try {
            OutputStream out = socket.getOutputStream();
            byte[] block = new byte[16 << 10];
            for (int sent = 0; sent < total; sent += block.length) {
                out.write(block, 0, Math.min(block.length, total - sent));
            }
            out.flush();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long drain(InputStream in, long expected) throws Exception {
        byte[] buffer = new byte[64 << 10];
        long received = 0;
        while (received < expected) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            received += n;
        }
        return received;
    }
}
