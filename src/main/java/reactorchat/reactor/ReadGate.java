package reactorchat.reactor;

/**
 * Whether a connection is read now. Two holds stop it, apart from each other, and reading starts
 * again only when neither does: a timed pause (a dialect pacing its sender, whose bytes wait in
 * the kernel while TCP slows it) and a suspension with no time limit (back-pressure: what ends it
 * is another connection draining).
 */
final class ReadGate {
    private final Connection connection;
    private Timer pause;
    private boolean suspended;

    ReadGate(Connection connection) {
        this.connection = connection;
    }

    boolean isOpen() {
        return pause == null && !suspended;
    }

    boolean isSuspended() {
        return suspended;
    }

    /** Holds reads for {@code millis}, then runs {@code onResume} and reads again unless held once more. */
    void pause(EventLoop loop, long millis, Runnable onResume) {
        connection.readInterest(false);
        if (pause != null) {
            pause.cancel();
        }
        pause = loop.schedule(millis, () -> {
            pause = null;
            if (!connection.isOpen()) {
                return;
            }
            onResume.run();
            if (isOpen() && connection.isOpen()) {
                connection.readInterest(true);
            }
        });
    }

    /** Holds reads until {@link #resume}; false if they were held so already. */
    boolean suspend() {
        if (suspended) {
            return false;
        }
        suspended = true;
        connection.readInterest(false);
        return true;
    }

    void resume() {
        if (!suspended) {
            return;
        }
        suspended = false;
        if (isOpen() && connection.isOpen()) {
            connection.readInterest(true);
        }
    }

    /** The connection is closing: a pending pause must not resume anything. */
    void cancel() {
        if (pause != null) {
            pause.cancel();
            pause = null;
        }
    }
}
