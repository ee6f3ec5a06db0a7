package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The flush window follows how busy the loop has been: none while it idles, the most near saturation. */
class FlushWindowTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void anIdleLoopWritesAtOnceAndABusyOneWaitsUpToTheMost() {
        FlushWindow window = new FlushWindow();
        window.setMost(5);
        window.passed(40 * MS, 20 * MS); // a third of its time working
        assertThat(window.nanos()).isZero();
        window.passed(0, 60 * MS); // working all the time
        assertThat(window.nanos()).isEqualTo(5 * MS);
        window.passed(10 * MS, 90 * MS); // 90%: two thirds of the way from 80% to 95%
        assertThat(window.nanos()).isCloseTo(5 * MS * 2 / 3, within(MS / 100));
        window.passed(60 * MS, 0); // idle again
        assertThat(window.nanos()).isZero();
    }

    @Test
    void itIsMeasuredOverAFewPassesNotEachOne() {
        FlushWindow window = new FlushWindow();
        window.setMost(5);
        window.passed(0, 10 * MS);
        assertThat(window.nanos()).as("10 ms of work is not yet a period").isZero();
        window.passed(0, 40 * MS);
        assertThat(window.nanos()).isEqualTo(5 * MS);
    }

    @Test
    void offMeansAtOnceHoweverBusy() {
        FlushWindow window = new FlushWindow();
        window.setMost(0);
        window.passed(0, 60 * MS);
        assertThat(window.nanos()).isZero();
    }
}
