package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimersTest {
    @Test
    void runsDueTimersInDeadlineThenInsertionOrder() {
        Timers timers = new Timers();
        List<String> ran = new ArrayList<>();
        timers.add(30, () -> ran.add("c"));
        timers.add(10, () -> ran.add("a"));
        timers.add(10, () -> ran.add("b"));
        timers.add(50, () -> ran.add("late"));
        timers.runDue(30, () -> { });
        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(timers.millisUntilNext(30)).isEqualTo(1);
    }

    @Test
    void cancelledTimersNeverRunAndDoNotSetTheTimeout() {
        Timers timers = new Timers();
        List<String> ran = new ArrayList<>();
        Timer soon = timers.add(1_000_000, () -> ran.add("soon"));
        timers.add(5_000_000, () -> ran.add("later"));
        soon.cancel();
        assertThat(timers.millisUntilNext(0)).isEqualTo(5);
        timers.runDue(10_000_000, () -> { });
        assertThat(ran).containsExactly("later");
        assertThat(timers.millisUntilNext(10_000_000)).isEqualTo(-1);
    }

    @Test
    void aTimerAddedByATimerForNowRunsInTheSamePassOnlyIfDue() {
        Timers timers = new Timers();
        List<String> ran = new ArrayList<>();
        timers.add(0, () -> {
            ran.add("first");
            timers.add(100, () -> ran.add("next pass"));
        });
        timers.runDue(0, () -> { });
        assertThat(ran).containsExactly("first");
        assertThat(timers.millisUntilNext(0)).isEqualTo(1);
    }

    /** Found in review: a closed IRC session stayed reachable from its cancelled ping timer for minutes. */
    @Test
    void aCancelledTimerLetsGoOfItsTaskAtOnce() throws InterruptedException {
        Timers timers = new Timers();
        Runnable task = new Runnable() {
            @Override
            public void run() {
            }
        };
        WeakReference<Runnable> reference = new WeakReference<>(task);
        Timer timer = timers.add(Long.MAX_VALUE / 2, task);
        timers.add(Long.MAX_VALUE / 4, () -> { }); // keeps the cancelled one off the head of the queue
        task = null;
        timer.cancel();
        for (int i = 0; i < 100 && reference.get() != null; i++) {
            System.gc();
            Thread.sleep(10); // giving the collector a chance; the loop ends as soon as it has run
        }
        assertThat(reference.get()).as("the task of a cancelled timer still in the queue").isNull();
    }

    @Test
    void waitsAreRoundedUpToWholeMilliseconds() {
        Timers timers = new Timers();
        timers.add(2_500_000, () -> { });
        assertThat(timers.millisUntilNext(0)).isEqualTo(3);
        assertThat(timers.millisUntilNext(2_500_000)).isZero();
    }
}
