package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Work handed back to the loop for one connection is served as that connection's reads are: what
 * it throws, an Error included, closes that connection alone, and work for a closed one is dropped.
 */
class ConnectionRunLaterTest {
    private static final ConnectionFactory QUIET = QuietHandler.factory(connection -> new QuietHandler() {
        @Override
        public void onBytes(ByteBuffer in) {
            in.position(in.limit());
        }
    });

    @Test
    void whatATaskThrowsClosesItsConnectionAloneAndATaskForAClosedOneIsDropped() throws Exception {
        try (DrivenLoop loop = new DrivenLoop()) {
            DrivenLoop.Peer failing = loop.connect(QUIET, Limits.DEFAULTS, "127.0.0.1", Long.MAX_VALUE);
            DrivenLoop.Peer other = loop.connect(QUIET, Limits.DEFAULTS, "127.0.0.2", Long.MAX_VALUE);
            List<String> ran = new ArrayList<>();
            failing.runLater(() -> {
                throw new StackOverflowError("deep");
            });
            other.runLater(() -> ran.add("other"));
            loop.pass();
            assertThat(ran).containsExactly("other");
            assertThat(failing.isClosed()).isTrue();
            assertThat(other.isOpen()).isTrue();
            failing.runLater(() -> ran.add("after its close"));
            loop.pass();
            assertThat(ran).containsExactly("other");
        }
    }
}
