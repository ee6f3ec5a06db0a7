package reactorchat.sim;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * An attack made of one crowd of like connections: opening them at the ramp, stopping and
 * counting are the same for all; a subclass says what each connection does and what to report.
 */
abstract class CrowdAttack implements Attack, AttackConn.Handler {
    private final AttackKind kind;
    protected final Crowd crowd;

    CrowdAttack(AttackKind kind, AttackLoop loop, String label, InetSocketAddress target, int connections,
                boolean lines) {
        this.kind = kind;
        this.crowd = new Crowd(loop, label, target, connections, lines, this);
    }

    @Override
    public AttackKind kind() {
        return kind;
    }

    @Override
    public void start(long now, long endNanos) {
        crowd.start(now);
    }

    @Override
    public void tick(long now) {
        crowd.openDue(now);
    }

    @Override
    public long nextWake() {
        return crowd.nextWake();
    }

    @Override
    public void stop(long now) {
        crowd.closeAll();
    }

    @Override
    public List<Crowd> crowds() {
        return List.of(crowd);
    }

    @Override
    public void lost(AttackConn conn, String reason) {
        // counted by the crowd
    }
}
