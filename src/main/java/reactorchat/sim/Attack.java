package reactorchat.sim;

import java.util.List;

/**
 * One kind of hostile traffic in an attack run. The loop starts it once the probe has joined,
 * ticks it every pass until its time is up, then stops it; the report asks it what it did.
 */
interface Attack {
    AttackKind kind();

    /** Starts opening connections; {@code endNanos} is when it will be stopped. */
    void start(long now, long endNanos);

    /** Opens the connections due and sends what is due. */
    void tick(long now);

    long nextWake();

    /** Counts what it must count at the end, then closes its connections. */
    void stop(long now);

    /** Its groups of connections, each counted on the report. */
    List<Crowd> crowds();

    /** What it did, in one line for people. */
    String detail();

    /** Its figures, for the JSON report. */
    void json(Json j);

    /** What went wrong beyond the probe's own measure; empty if nothing. */
    default List<String> problems() {
        return List.of();
    }
}
