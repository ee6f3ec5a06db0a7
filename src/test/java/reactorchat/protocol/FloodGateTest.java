package reactorchat.protocol;

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

    /** Charges lines as a paused flooder's are read: each as soon as the gate allows, plus a late timer. */
    private static long flood(FloodGate gate, long from, long until, long lateNanos) {
        long now = from;
        while (now < until) {
            long wait = gate.charge(now);
            if (wait > 0) {
                now += wait + lateNanos;
            }
        }
        return now;
    }

    @Test
    void aSenderThatKeepsTheBudgetSpentIsOverFromItsFirstWait() {
        FloodGate gate = new FloodGate(10, 3);
        long start = 1_000 * MS;
        for (int i = 0; i < 3; i++) {
            gate.charge(start);
        }
        assertThat(gate.overForNanos(start)).as("within the burst").isZero();
        assertThat(gate.charge(start)).isPositive();
        // Read when the timer fires, up to 2 ms late: still over, the whole time.
        long now = flood(gate, start, start + 30_000 * MS, 2 * MS);
        assertThat(gate.overForNanos(now)).isBetween(30_000 * MS, 30_200 * MS);
    }

    @Test
    void aLineThatComesOneLineLateEndsTheSpell() {
        FloodGate gate = new FloodGate(10, 3);
        long now = flood(gate, 0, 5_000 * MS, MS);
        assertThat(gate.overForNanos(now)).isPositive();
        now += 99 * MS; // 100 ms later than the gate would have read it: one line's time
        assertThat(gate.charge(now)).isZero();
        assertThat(gate.overForNanos(now)).isZero();
        assertThat(gate.charge(now)).as("the budget is spent again").isPositive();
        assertThat(gate.overForNanos(now + 10 * MS)).as("a new spell").isEqualTo(10 * MS);
    }

    @Test
    void aSenderThatSlowsToJustUnderTheRateStaysOverUntilItIsOneLineBehind() {
        FloodGate gate = new FloodGate(10, 3);
        long now = flood(gate, 0, 5_000 * MS, MS);
        gate.charge(now); // the last line of the backlog
        int lines = 0;
        while (gate.overForNanos(now) > 0) { // then 9.9 lines a second: 1 ms behind per line
            now += 101 * MS;
            gate.charge(now);
            lines++;
        }
        assertThat(lines).isBetween(95, 100);
    }

    @Test
    void aLineThatWasAlreadyWaitingCannotEndTheSpellHoweverLateItIsRead() {
        FloodGate gate = new FloodGate(10, 3);
        long now = flood(gate, 0, 5_000 * MS, MS);
        now += 250 * MS; // the loop was busy: the pause ended late
        gate.chargeWaiting(now);
        assertThat(gate.overForNanos(now)).isGreaterThan(5_000 * MS);
    }

    @Test
    void aBucketShorterThanTheTimerSlackEndsTheSpellOnlyWhenWhole() {
        FloodGate gate = new FloodGate(10_000, 20); // 2 ms of budget: a late timer refills it all
        long now = flood(gate, 0, 100 * MS, MS);
        assertThat(gate.overForNanos(now)).as("1 ms late refills half").isPositive();
        now += MS;
        gate.charge(now);
        assertThat(gate.overForNanos(now)).as("2 ms late refills it all").isZero();
    }
}
