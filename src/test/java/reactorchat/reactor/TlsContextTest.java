package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactorchat.testing.ClientSocket;

/** The line handshakes wait in for their delegated tasks, on a loop driven pass by pass. */
class TlsContextTest {
    private EventLoop loop;

    @BeforeEach
    void open() throws Exception {
        loop = new EventLoop();
    }

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void aNewHandshakeQueuesBehindThoseWaitingEvenWithBudgetLeft() throws Exception {
        TlsContext tls = context(Long.MAX_VALUE);
        loop.runPassWork();
        assertThat(tls.mayRunTasks(loop)).isTrue();
        List<String> ran = new ArrayList<>();
        tls.putOff(loop, () -> ran.add("waiting"));
        assertThat(tls.mayRunTasks(loop)).as("a newcomer while one waits").isFalse();
        passUntil(() -> !ran.isEmpty());
        assertThat(tls.mayRunTasks(loop)).as("once the line is empty").isTrue();
    }

    @Test
    void handshakesPutOffGoOnInTheOrderTheyCameOneAPassWhenThePassHasNoBudget() throws Exception {
        TlsContext tls = context(0); // only the first handshake of a pass
        loop.runPassWork();
        assertThat(tls.mayRunTasks(loop)).isTrue();
        tls.ranTasks();
        assertThat(tls.mayRunTasks(loop)).as("a second one in the same pass").isFalse();
        List<String> ran = new ArrayList<>();
        List<Long> passes = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            tls.putOff(loop, () -> {
                tls.ranTasks();
                ran.add(name);
                passes.add(loop.passStartNanos());
            });
        }
        passUntil(() -> ran.size() == 3);
        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(passes).as("one a pass").doesNotHaveDuplicates();
    }

    private TlsContext context(long budgetNanos) throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, null, null);
        return new TlsContext(ssl, 0, budgetNanos);
    }

    /** Runs passes (no select: the put-off timer is 1 ms) until {@code done}, or fails at the deadline. */
    private void passUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + ClientSocket.DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("deadline").isLessThan(deadline);
            Thread.sleep(1);
            loop.runPassWork();
        }
    }
}
