package reactorchat.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * A point the loops of a run meet at without waiting for one another: each arrives with what it
 * found and goes on serving its clients, whose sockets must still be read; the last to arrive
 * decides for all from what they brought, and wakes the others' selectors so that each acts on
 * the decision at once. With one loop, the decision is made as it arrives.
 *
 * @param <T> what a loop brings
 * @param <R> what they decide
 */
final class Meeting<T, R> {
    private final List<T> brought;
    private final Function<List<T>, R> decide;
    private final IntConsumer wakeOthers;
    private int arrived;
    private R decision;

    /** @param wakeOthers wakes every loop but the one given, the last to arrive */
    Meeting(int loops, Function<List<T>, R> decide, IntConsumer wakeOthers) {
        this.brought = new ArrayList<>(Collections.nCopies(loops, null));
        this.decide = decide;
        this.wakeOthers = wakeOthers;
    }

    synchronized void arrive(int loop, T what) {
        if (brought.set(loop, what) != null) {
            throw new IllegalStateException("loop " + loop + " arrived twice");
        }
        if (++arrived == brought.size()) {
            decision = decide.apply(Collections.unmodifiableList(brought));
            wakeOthers.accept(loop);
        }
    }

    /** What the last to arrive decided; null until every loop has arrived. */
    synchronized R decision() {
        return decision;
    }
}
