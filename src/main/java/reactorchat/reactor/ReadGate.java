package reactorchat.reactor;

/**
 * Whether a connection is read now, as its dialect asks through {@link Connection#reads}. Two
 * holds stop it, apart from each other, and reading starts again only when neither does: a timed
 * pause (a dialect pacing its sender, whose bytes wait in the kernel while TCP slows it) and a
 * suspension with no time limit (back-pressure: what ends it is another connection draining).
 * Made on the first hold: most connections are never held.
 */
public final class ReadGate {
    private final Connection connection;
    private Timer pause;
    private boolean suspended;

    ReadGate(Connection connection) {
        this.connection = connection;
    }

    /**
     * Holds reads for {@code millis} (flood control), then runs {@code onResume} and reads again
     * unless held once more; 0 lets every other connection have its turn first, with no wait in
     * select. Nothing happens on a connection that is not open.
     */
    public void pause(long millis, Runnable onResume) {
        if (!connection.isOpen()) {
            return;
        }
        if (millis > 0) {
            connection.loop().stats().floodPauses++;
        }
        connection.socket().readInterest(false);
        if (pause != null) {
            pause.cancel();
        }
        pause = connection.loop().schedule(millis, () -> {
            pause = null;
            if (!connection.isOpen()) {
                return;
            }
            connection.connections().serve(connection, onResume);
            if (isOpen() && connection.isOpen()) {
                connection.socket().readInterest(true);
            }
        });
    }

    /** Holds reads until {@link #resume} (back-pressure), apart from any pause. */
    public void suspend() {
        if (suspended || !connection.isOpen()) {
            return;
        }
        suspended = true;
        connection.loop().stats().backPressurePauses++;
        connection.socket().readInterest(false);
    }

    /** Ends a {@link #suspend}; reading starts again unless a pause still holds it. */
    public void resume() {
        if (!suspended) {
            return;
        }
        suspended = false;
        if (isOpen() && connection.isOpen()) {
            connection.socket().readInterest(true);
        }
    }

    /** Counts this connection among those flood control's hard line gave up pausing; the dialect says why and closes. */
    public void countFloodCut() {
        connection.loop().stats().floodCuts++;
    }

    public boolean isSuspended() {
        return suspended;
    }

    /** Whether neither hold stops reading. */
    boolean isOpen() {
        return pause == null && !suspended;
    }

    /** The connection is closing: a pending pause must not resume anything. */
    void cancel() {
        if (pause != null) {
            pause.cancel();
            pause = null;
        }
    }
}
