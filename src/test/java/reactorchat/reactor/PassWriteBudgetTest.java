package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The end of a pass writes about {@link Connections#PASS_WRITE_BUDGET} bytes, then leaves the
 * other writers to the next pass, which starts with them: a burst to many readers cannot hold the
 * loop for as long as all of it takes to write.
 */
class PassWriteBudgetTest {
    private static final int READERS = 100;
    private static final int LINE_BYTES = 64 * 1024;

    @Test
    void aBurstToManyReadersIsWrittenOverSeveralPassesTheWaitingFirst() throws Exception {
        ByteBuffer line = ByteBuffer.allocate(LINE_BYTES).asReadOnlyBuffer();
        ConnectionFactory broadcasting = QuietHandler.broadcasting(line);
        try (DrivenLoop loop = new DrivenLoop()) {
            for (int i = 0; i < READERS; i++) {
                loop.connect(broadcasting, Limits.DEFAULTS, "127.0.0.1", Long.MAX_VALUE);
            }
            List<DrivenLoop.Peer> peers = loop.peers();

            peers.get(0).send(new byte[] {'x'});
            loop.pass();
            int[] received = new int[READERS];
            for (int i = 0; i < READERS; i++) {
                received[i] = peers.get(i).received().length;
            }
            long reached = Arrays.stream(received).filter(bytes -> bytes > 0).count();
            assertThat(reached).as("readers written to in the burst's own pass")
                    .isGreaterThanOrEqualTo(Connections.PASS_WRITE_BUDGET / LINE_BYTES)
                    .isLessThan(READERS);
            assertThat(received[READERS - 1]).as("the last to be queued waits").isZero();

            loop.pass();
            for (int i = 0; i < READERS; i++) {
                received[i] += peers.get(i).received().length;
            }
            assertThat(received).containsOnly(LINE_BYTES);
        }
    }
}
