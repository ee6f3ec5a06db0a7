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
    /**
     * Each peer says how many bytes to charge, as a decimal number, or "out N" to be sent N bytes;
     * "ok" or "refused" comes back.
     */
    private final ConnectionFactory charging = QuietHandler.factory(connection -> new QuietHandler() {
        @Override
        public void onBytes(ByteBuffer in) {
            String asked = StandardCharsets.UTF_8.decode(in).toString().strip();
            if (asked.startsWith("out ")) {
                connection.send(ByteBuffer.allocate(Integer.parseInt(asked.substring(4))));
                return;
            }
            boolean taken = connection.memory().tryCharge(Long.parseLong(asked));
            connection.send(StandardCharsets.UTF_8.encode(taken ? "ok\n" : "refused\n"));
        }
    });

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

    @Test
    void aChargeThatGetsItsOwnConnectionCutIsNotKept() throws Exception {
        try (DrivenLoop loop = new DrivenLoop()) {
            DrivenLoop.Peer big = charge(loop, "600", "127.0.0.1");
            charge(loop, "300", "127.0.0.2");
            big.send("200".getBytes(StandardCharsets.UTF_8));
            loop.pass();
            assertThat(big.isClosed()).as("600 bytes is over the share of 1000 / 2 holders").isTrue();
        } // closing checks that nothing is still counted: the 200 were once, on a closed account
    }

    @Test
    void whatAClientSentIsCutBeforeWhatTheServerQueuedForAReader() throws Exception {
        try (DrivenLoop loop = new DrivenLoop()) {
            DrivenLoop.Peer hoarder = charge(loop, "550", "127.0.0.1");
            DrivenLoop.Peer reader = loop.connect(charging, BUDGET_OF_1000, "127.0.0.2", 0);
            reader.send("out 600".getBytes(StandardCharsets.UTF_8));
            loop.pass();
            assertThat(hoarder.isClosed()).as("550 bytes of held input is over the share of 1000 / 2 holders").isTrue();
            assertThat(reader.isClosed()).as("the reader holds more, but it is output: the input went first").isFalse();
            assertThat(loop.stats().memoryCuts()).isEqualTo(1);
            assertThat(loop.stats().slowConsumerCuts()).isZero();
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
