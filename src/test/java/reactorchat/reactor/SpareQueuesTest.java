package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * A reader with nothing queued takes an empty queue from the loop's spares when a line comes, and
 * gives it back once the line is written: lines to readers make no new queue after the first.
 */
class SpareQueuesTest {
    private static final int READERS = 10;

    @Test
    void everyLineToIdleReadersReusesTheQueuesOfTheOneBefore() throws Exception {
        ByteBuffer line = ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
        ConnectionFactory broadcasting = QuietHandler.broadcasting(line);
        try (DrivenLoop loop = new DrivenLoop()) {
            for (int i = 0; i < READERS; i++) {
                loop.connect(broadcasting, Limits.DEFAULTS, "127.0.0.1", Long.MAX_VALUE);
            }
            SpareQueues spares = loop.connections().spareQueues();
            DrivenLoop.Peer sender = loop.peers().get(0);

            sender.send(new byte[] {'x'});
            assertThat(spares.count()).as("no spare before the first line").isZero();
            loop.pass();
            assertThat(spares.count()).as("every queue given back once written").isEqualTo(READERS);

            for (int round = 0; round < 3; round++) {
                sender.send(new byte[] {'x'});
                assertThat(spares.count()).as("every reader took a spare").isZero();
                loop.pass();
                assertThat(spares.count()).as("and gave it back, none made anew").isEqualTo(READERS);
            }
            for (DrivenLoop.Peer reader : loop.peers()) {
                assertThat(new String(reader.received(), StandardCharsets.US_ASCII)).isEqualTo("hello\n".repeat(4));
            }
        }
    }
}
