package reactorchat.sim;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The connections of one attack: opened at the run's ramp, never more than
 * {@link Connector.MAX_IN_FLIGHT} waiting for the server at once (for the same reason as there),
 * and counted: connected, greeted by the server, failed before that, or cut after it. An attack
 * says what each connection does through the handler it gives.
 */
final class Crowd implements AttackConn.Handler {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AttackLoop loop;
    private final String label;
    private final InetSocketAddress target;
    private final int size;
    private final boolean lines;
    private final AttackConn.Handler attack;
    private final List<AttackConn> members = new ArrayList<>();
    /** {@code connected} counts TCP connections, {@code joined} those the server greeted. */
    private final Tally tally = new Tally();
    private long startNanos = -1;
    private boolean stopped;

    /**
     * @param label what its connections are, for the report, e.g. "readers"
     * @param size  connections to open
     * @param lines whether the attack reads the server's output as lines
     */
    Crowd(AttackLoop loop, String label, InetSocketAddress target, int size, boolean lines,
          AttackConn.Handler attack) {
        this.loop = loop;
        this.label = label;
        this.target = target;
        this.size = size;
        this.lines = lines;
        this.attack = attack;
    }

    void start(long now) {
        startNanos = now;
    }

    /** Opens the connections the ramp allows by now. */
    void openDue(long now) {
        if (startNanos < 0 || stopped) {
            return;
        }
        long allowed = Math.min(size, (now - startNanos) * loop.options().ramp() / SECOND + 1);
        while (members.size() < allowed && inFlight() < Connector.MAX_IN_FLIGHT) {
            AttackConn conn = loop.open(target, lines, this);
            if (conn == null) {
                stopped = true; // the OS would not open another socket; the loop has said why
                return;
            }
            members.add(conn);
        }
    }

    long nextWake() {
        if (startNanos < 0 || stopped || members.size() >= size || inFlight() >= Connector.MAX_IN_FLIGHT) {
            return Long.MAX_VALUE; // a greeting or a failure wakes the loop first
        }
        return startNanos + members.size() * SECOND / loop.options().ramp();
    }

    /** Closes every connection still open, uncounted: the attack is over. */
    void closeAll() {
        stopped = true;
        for (AttackConn conn : members) {
            conn.close();
        }
    }

    /** Every connection opened so far, open or not. */
    List<AttackConn> members() {
        return members;
    }

    String label() {
        return label;
    }

    int size() {
        return size;
    }

    int opened() {
        return members.size();
    }

    int greeted() {
        return tally.joined;
    }

    /** Connections the server closed after greeting them. */
    int cut() {
        return tally.disconnectCount();
    }

    int failed() {
        return tally.setupFailureCount();
    }

    Tally tally() {
        return tally;
    }

    @Override
    public void connected(AttackConn conn) {
        tally.connected++;
        attack.connected(conn);
    }

    @Override
    public void greeted(AttackConn conn) {
        tally.joined++;
        attack.greeted(conn);
    }

    @Override
    public void line(AttackConn conn, byte[] bytes, int offset, int length) {
        attack.line(conn, bytes, offset, length);
    }

    @Override
    public void lost(AttackConn conn, String reason) {
        if (conn.greeted()) {
            tally.disconnected(reason);
        } else {
            tally.setupFailed(reason);
        }
        attack.lost(conn, reason);
    }

    private int inFlight() {
        return members.size() - tally.joined - tally.setupFailureCount();
    }
}
