package reactorchat.sim;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Locale;

/**
 * Line users that each move to a room of their own and then send one read's worth of short lines
 * at once, hundreds of times what flood control lets through: the server pauses reading them and
 * holds the rest of that read for as long as it takes to pass at the flood rate. They read what
 * the server echoes, so none is cut for not reading. With {@code --close-after-send} each closes
 * as soon as its lines are on their way, and the server is left holding input for users who left.
 */
final class HeldInputAttack extends CrowdAttack {
    /** One short line; the number makes each attacker's lines its own. */
    private static final String LINE = "held input %d ........\n";

    private final int bytes;
    private final boolean closeAfterSend;
    /** By connection id: which have sent their lines. */
    private final BitSet sentBy = new BitSet();
    private int sent;
    private int closedAfterSend;

    HeldInputAttack(AttackLoop loop, AttackOptions options, int connections) {
        super(AttackKind.HELD_INPUT, loop, "line connections", options.line(), connections, true);
        this.bytes = options.heldBytes();
        this.closeAfterSend = options.closeAfterSend();
    }

    @Override
    public void tick(long now) {
        super.tick(now);
        if (closeAfterSend && closedAfterSend < sent) {
            for (AttackConn conn : crowd.members()) {
                if (conn.isOpen() && conn.greeted() && conn.unsent() == 0 && sentBy.get(conn.id)) {
                    conn.close();
                    closedAfterSend++;
                }
            }
        }
    }

    @Override
    public String detail() {
        return String.format(Locale.ROOT, "%,d sent %,d bytes of short lines at once, %s", sent, bytes,
                closeAfterSend ? String.format(Locale.ROOT, "%,d closed right after", closedAfterSend)
                        : "then stayed, reading");
    }

    @Override
    public void json(Json j) {
        j.field("held_bytes", bytes).field("sent", sent).field("closed_after_send", closedAfterSend);
    }

    @Override
    public void connected(AttackConn conn) {
        // the line dialect speaks first
    }

    @Override
    public void line(AttackConn conn, byte[] b, int offset, int length) {
        int code = SimDialect.LINE.classify(b, offset, length);
        if (code == SimDialect.REGISTERED) {
            conn.send("/join held" + conn.id + "\n"); // alone, so its echoes reach nobody else
        } else if (code == SimDialect.JOINED && !sentBy.get(conn.id)) {
            conn.send(lines(conn.id));
            sentBy.set(conn.id);
            sent++;
        }
    }

    private byte[] lines(int id) {
        byte[] one = String.format(Locale.ROOT, LINE, id).getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[Math.max(one.length, bytes / one.length * one.length)];
        for (int at = 0; at < all.length; at += one.length) {
            System.arraycopy(one, 0, all, at, one.length);
        }
        return all;
    }
}
