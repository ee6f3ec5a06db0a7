package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * A charge that does not fit the client memory budget first makes room, as Redis's maxmemory
 * evicts before it refuses: the connections holding more than an equal share are cut, the
 * biggest first, and only as many as it takes.
 */
class MemoryReclaimTest {
    /** Each peer says how many bytes to charge, as a decimal number; "ok" or "refused" comes back. */
    private final ConnectionFactory charging = new ConnectionFactory() {
        @Override
        public ConnectionHandler open(Connection connection) {
            return new ConnectionHandler() {
                @Override
                public void onBytes(ByteBuffer in) {
                    long bytes = Long.parseLong(StandardCharsets.UTF_8.decode(in).toString().strip());
                    boolean taken = connection.memory().tryCharge(bytes);
                    connection.send(StandardCharsets.UTF_8.encode(taken ? "ok\n" : "refused\n"));
                }

                @Override
                public void onEof() {
                    connection.close("eof");
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
            return StandardCharsets.UTF_8.encode(reason);
        }
    };

    private static final Limits BUDGET_OF_1000 = new Limits(100, 0, 0, 1000, 0, 0, 0, 0);

    @Test
    void aChargeThatDoesNotFitCutsTheBiggestHolderOverItsShareAndNobodyElse() throws Exception {
        try (DrivenLoop loop = new DrivenLoop()) {
            DrivenLoop.Peer big = charge(loop, "600", "127.0.0.1");
            DrivenLoop.Peer small = charge(loop, "300", "127.0.0.2");
            DrivenLoop.Peer newcomer = loop.connect(charging, BUDGET_OF_1000, "127.0.0.3", Long.MAX_VALUE);
            newcomer.send("200".getBytes(StandardCharsets.UTF_8));
            loop.pass();
            assertThat(new String(newcomer.received(), StandardCharsets.UTF_8)).isEqualTo("ok\n");
            assertThat(big.isClosed()).as("600 bytes is over the share of 1000 / 2 holders").isTrue();
            assertThat(small.isClosed()).isFalse();
            assertThat(loop.stats().memoryCuts()).isEqualTo(1);
        }
    }

    @Test
    void nobodyAtOrBelowTheirShareIsCutAndTheChargeIsRefused() throws Exception {
        try (DrivenLoop loop = new DrivenLoop()) {
            DrivenLoop.Peer one = charge(loop, "450", "127.0.0.1");
            DrivenLoop.Peer two = charge(loop, "450", "127.0.0.2");
            DrivenLoop.Peer newcomer = loop.connect(charging, BUDGET_OF_1000, "127.0.0.3", Long.MAX_VALUE);
            newcomer.send("200".getBytes(StandardCharsets.UTF_8));
            loop.pass();
            assertThat(new String(newcomer.received(), StandardCharsets.UTF_8)).isEqualTo("refused\n");
            assertThat(one.isClosed() || two.isClosed()).isFalse();
        }
    }

    private DrivenLoop.Peer charge(DrivenLoop loop, String bytes, String address) {
        DrivenLoop.Peer peer = loop.connect(charging, BUDGET_OF_1000, address, Long.MAX_VALUE);
        peer.send(bytes.getBytes(StandardCharsets.UTF_8));
        loop.pass();
        assertThat(new String(peer.received(), StandardCharsets.UTF_8)).isEqualTo("ok\n");
        return peer;
    }
}
