package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import reactorchat.testing.TextClient;

/**
 * A closed connection lets go of its session at once, not when the selector next lets go of its
 * key: a pass that cuts hundreds of holders must not keep their held input alive while the
 * others read on. With an idle time-out too, whose check outlives the close in the timer queue.
 */
class ClosedConnectionTest {
    private static final int HELD_INPUT = 1 << 20;

    @ParameterizedTest(name = "idle time-out {0} s")
    @ValueSource(ints = {0, 60})
    void aClosedConnectionsSessionIsGarbageBeforeTheNextSelect(int idleSeconds) throws Exception {
        CompletableFuture<WeakReference<ConnectionHandler>> session = new CompletableFuture<>();
        ConnectionFactory holding = QuietHandler.factory(connection -> {
            QuietHandler handler = new QuietHandler() {
                private final byte[] heldInput = new byte[HELD_INPUT];

                @Override
                public void onBytes(ByteBuffer in) {
                    heldInput[0] = in.get(); // keeps what the peer sent, as a paused decoder does
                }
            };
            session.complete(new WeakReference<>(handler));
            return handler;
        });
        Limits d = Limits.DEFAULTS;
        Limits limits = new Limits(d.maxConnections(), d.maxPerAddress(), d.maxOutboundBytes(), d.maxClientMemory(),
                d.softOutboundBytes(), d.softOutboundSeconds(), idleSeconds, d.socketSendBuffer());
        EventLoop loop = new EventLoop();
        InetSocketAddress address = loop.listen("held", new InetSocketAddress("127.0.0.1", 0), holding, limits)
                .localAddress();
        Thread thread = new Thread(loop::run, "loop-under-test");
        thread.start();
        try (TextClient client = TextClient.connect(address)) {
            client.send("x");
            WeakReference<ConnectionHandler> handler = session.get(10, TimeUnit.SECONDS);
            CompletableFuture<Boolean> collected = new CompletableFuture<>();
            loop.execute(() -> {
                loop.connections().forEach(c -> c.close("cut"));
                loop.execute(() -> { // the same run of tasks: closed by now, and no select since
                    for (int i = 0; i < 5 && handler.get() != null; i++) {
                        System.gc();
                    }
                    collected.complete(handler.get() == null);
                });
            });
            assertThat(collected.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            loop.execute(() -> loop.shutdown(100));
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
