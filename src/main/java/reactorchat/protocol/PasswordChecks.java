package reactorchat.protocol;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks passwords against their {@link PasswordHash} on a small pool of its own, since one check
 * takes tens of milliseconds that the loop must not spend; each answer comes back to the loop
 * through its task queue. The pool and its queue are bounded: a crowd of guessers fills them and
 * is refused, it never makes the server hold more.
 */
public final class PasswordChecks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PasswordChecks.class);
    /**
     * One thread on a box of one or two cores, two on a bigger one: a crowd of guessers keeps the
     * pool busy, and a busy pool must leave the loop a core of its own.
     */
    static final int THREADS = Runtime.getRuntime().availableProcessors() > 2 ? 2 : 1;
    /** Checks waiting for a thread at most; at 50 ms each, the last waits under a second. */
    static final int WAITING = 16;

    private final ExecutorService pool;

    /** Checks on {@link #THREADS} threads of their own, at most {@link #WAITING} waiting for one. */
    public PasswordChecks() {
        this(pool());
    }

    /**
     * Checks on {@code pool}, which must refuse work beyond a bound of its own; tests give one
     * whose checks they can hold.
     */
    public PasswordChecks(ExecutorService pool) {
        this.pool = pool;
    }

    private static ExecutorService pool() {
        AtomicInteger threads = new AtomicInteger();
        return new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(WAITING), task -> {
            Thread thread = new Thread(task, "password-check-" + threads.incrementAndGet());
            thread.setDaemon(true); // a check under way never keeps a stopping server alive
            return thread;
        });
    }

    /**
     * Checks {@code given} against {@code hash} off the loop; {@code answer} is then handed to
     * {@code answerOn} (the loop, for the connection that asked) with whether it matched. A check
     * that fails, even with an Error, is a mismatch and is answered all the same: a session waits
     * for the answer with its input held.
     *
     * @return false if too many checks are waiting: nothing was started, and {@code answer} never runs
     */
    public boolean check(PasswordHash hash, String given, Executor answerOn, Consumer<Boolean> answer) {
        try {
            pool.execute(() -> {
                boolean matched = false;
                try {
                    matched = hash.matches(given);
                } catch (Throwable e) {
                    log.error("a password check failed: {}", e.toString());
                } finally {
                    boolean result = matched;
                    answerOn.execute(() -> answer.accept(result));
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Stops the threads; checks under way are abandoned. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
