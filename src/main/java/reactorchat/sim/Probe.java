package reactorchat.sim;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A well-behaved line user in a room of its own that says a short line every
 * {@link #EVERY_NANOS} and times how long the server takes to echo it back: the one figure that
 * says whether other users can still chat while an attack goes on. It waits for each echo before
 * it sends the next, so one stalled round trip shows as its full length, not as many.
 */
final class Probe implements AttackConn.Handler {
    static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String room;
    private final String mark;
    private AttackConn conn;
    private boolean joined;
    private String lostReason;
    private long seq;
    private long sentAt = -1;
    private long nextSend;
    private long roundTrips;
    /** How long the line it was waiting for when the server closed it had been on its way. */
    private long unansweredNanos;
    /** Round trips while the attack goes on, then after it. */
    private final Histogram during = new Histogram();
    private final Histogram after = new Histogram();
    private Histogram current = during;

    Probe(String name) {
        this.room = name;
        this.mark = "~" + name + " ";
    }

    void open(AttackLoop loop) {
        conn = loop.open(loop.options().line(), true, this);
        if (conn == null) {
            lostReason = "the OS would not open a socket";
        }
    }

    /** From now on round trips count as after the attack. */
    void attackOver() {
        current = after;
    }

    void tick(long now) {
        if (joined && lostReason == null && sentAt < 0 && now >= nextSend) {
            sentAt = now;
            conn.send(mark + seq + "\n");
        }
    }

    long nextWake() {
        return joined && lostReason == null && sentAt < 0 ? nextSend : Long.MAX_VALUE;
    }

    boolean joined() {
        return joined;
    }

    long roundTrips() {
        return roundTrips;
    }

    /** Why the server closed the probe, or null if it did not. */
    String lostReason() {
        return lostReason;
    }

    Histogram during() {
        return during;
    }

    Histogram after() {
        return after;
    }

    /** The longest round trip, counting one still unanswered as lasting until {@code now} or until it was cut. */
    long worst(long now) {
        long waiting = sentAt < 0 ? unansweredNanos : now - sentAt;
        return Math.max(waiting, Math.max(during.max(), after.max()));
    }

    void close() {
        if (conn != null) {
            conn.close();
        }
    }

    @Override
    public void connected(AttackConn c) {
        // the line dialect speaks first: its welcome says the user is in
    }

    @Override
    public void line(AttackConn c, byte[] bytes, int offset, int length) {
        int code = SimDialect.LINE.classify(bytes, offset, length);
        if (code == SimDialect.REGISTERED) {
            c.send("/join " + room + "\n");
        } else if (code == SimDialect.JOINED) {
            joined = true;
        } else if (code >= 0 && sentAt >= 0 && isEcho(bytes, offset + code, offset + length)) {
            current.record(c.readNanos() - sentAt);
            roundTrips++;
            nextSend = sentAt + EVERY_NANOS;
            sentAt = -1;
            seq++;
        }
    }

    @Override
    public void lost(AttackConn c, String reason) {
        lostReason = reason;
        if (sentAt >= 0) {
            unansweredNanos = System.nanoTime() - sentAt;
            sentAt = -1;
        }
    }

    private boolean isEcho(byte[] bytes, int at, int end) {
        return new String(bytes, at, end - at, StandardCharsets.UTF_8).equals(mark + seq);
    }
}
