package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class FloodGateTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aBurstPassesThenEachMessageWaitsItsInterval() {
        FloodGate gate = new FloodGate(10, 3); // one per 100 ms, three at once
        long now = 1_000_000 * MS;
        assertThat(gate.charge(now)).isZero();
        assertThat(gate.charge(now)).isZero();
        assertThat(gate.charge(now)).isZero();
        assertThat(gate.charge(now)).isEqualTo(100 * MS);
        assertThat(gate.charge(now)).isEqualTo(200 * MS);
    }

    @Test
    void quietTimeRefillsTheBudgetButNoMoreThanTheBurst() {
        FloodGate gate = new FloodGate(10, 2);
        long now = 5_000 * MS;
        gate.charge(now);
        gate.charge(now);
        assertThat(gate.charge(now)).isPositive();
        long later = now + 10_000 * MS; // ten seconds of quiet: the budget is whole, not a hundred deep
        assertThat(gate.charge(later)).isZero();
        assertThat(gate.charge(later)).isZero();
        assertThat(gate.charge(later)).isEqualTo(100 * MS);
    }

    @Test
    void aSteadySenderAtTheRateNeverWaits() {
        FloodGate gate = new FloodGate(10, 1);
        for (int i = 0; i < 100; i++) {
            assertThat(gate.charge(i * 100 * MS)).isZero();
        }
    }
}
