package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/** The one budget: what it counts, once, and when it gives it back. */
class ClientMemoryTest {
    private final ClientMemory memory = new ClientMemory(10_000);

    @Test
    void aBroadcastBufferCountsOnceHoweverManyQueuesHoldIt() {
        ByteBuffer line = ByteBuffer.allocate(1_000);
        OutboundBuffer[] queues = new OutboundBuffer[50];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new OutboundBuffer(memory);
            queues[i].add(line);
        }
        assertThat(memory.output()).isEqualTo(1_000 + ClientMemory.BUFFER_OVERHEAD + 50L * OutboundBuffer.ENTRY_OVERHEAD);

        for (int i = 0; i < queues.length - 1; i++) {
            queues[i].consume(1_000);
        }
        assertThat(memory.output()).as("the last holder keeps the bytes counted")
                .isEqualTo(1_000 + ClientMemory.BUFFER_OVERHEAD + OutboundBuffer.ENTRY_OVERHEAD);
        queues[queues.length - 1].clear();
        assertThat(memory.output()).isZero();
        assertThat(memory.used()).isZero();
    }

    @Test
    void aPartlyWrittenBufferCountsWholeUntilItLeavesTheQueue() {
        OutboundBuffer queue = new OutboundBuffer(memory);
        queue.add(ByteBuffer.allocate(300));
        queue.add(ByteBuffer.allocate(200));
        queue.consume(400);
        assertThat(queue.bytes()).isEqualTo(100);
        assertThat(memory.output()).isEqualTo(200 + ClientMemory.BUFFER_OVERHEAD + OutboundBuffer.ENTRY_OVERHEAD);
    }

    @Test
    void aChargeThatDoesNotFitIsRefusedWithNothingTaken() {
        MemoryBudget one = memory.newAccount();
        MemoryBudget other = memory.newAccount();
        assertThat(one.tryCharge(6_000)).isTrue();
        assertThat(other.tryCharge(5_000)).isFalse();
        assertThat(memory.used()).isEqualTo(6_000);
        assertThat(other.tryCharge(4_000)).isTrue();
        assertThat(memory.fits(1)).isFalse();
    }

    @Test
    void aClosedAccountGivesBackAllItHeldOnceAndTakesNothingMore() {
        ClientMemory.Account account = memory.newAccount();
        account.tryCharge(3_000);
        account.releaseAll();
        account.release(3_000); // a decoder that lets go after the close changes nothing
        assertThat(memory.used()).isZero();
        assertThat(account.tryCharge(1)).isFalse();
    }

    @Test
    void outputCanPushTheTotalOverTheLimitButChargesCannot() {
        OutboundBuffer queue = new OutboundBuffer(memory);
        queue.add(ByteBuffer.allocate(12_000));
        assertThat(memory.isOver()).isTrue();
        assertThat(memory.newAccount().tryCharge(1)).isFalse();
    }

    @Test
    void stateOfNoConnectionTakesAtMostHalfTheBudgetAndNeverMakesRoom() {
        boolean[] reclaimed = {false};
        memory.reclaimWith(bytes -> {
            reclaimed[0] = true;
            return false;
        });
        MemoryBudget chat = memory.shared();
        assertThat(chat.tryCharge(5_000)).isTrue();
        assertThat(chat.tryCharge(1)).as("past half of 10,000").isFalse();

        chat.release(1_000);
        MemoryBudget connection = memory.newAccount();
        assertThat(connection.tryCharge(6_000)).isTrue();
        assertThat(chat.tryCharge(500)).as("under its half, but the budget is full").isFalse();
        assertThat(reclaimed[0]).as("no connection is cut for the chat's state").isFalse();
        assertThat(connection.tryCharge(1)).as("a connection's charge may make room").isFalse();
        assertThat(reclaimed[0]).isTrue();
    }
}
