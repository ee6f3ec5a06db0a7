package reactorchat.sim;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Frame connections that each declare a long frame, send its 4-byte length prefix and nothing
 * more: a server that sets aside the declared length at once holds that much per connection for
 * as long as the connection stays open.
 */
final class FramePrefixAttack extends CrowdAttack {
    private final byte[] prefix;
    private final int length;

    FramePrefixAttack(AttackLoop loop, AttackOptions options, int connections) {
        super(AttackKind.FRAME_PREFIX, loop, "frame connections", options.frame(), connections, false);
        this.length = options.frameLength();
        this.prefix = ByteBuffer.allocate(4).putInt(length).array();
    }

    @Override
    public String detail() {
        return String.format(Locale.ROOT, "each declared a frame of %,d bytes and sent only its 4-byte length", length);
    }

    @Override
    public void json(Json j) {
        j.field("frame_length", length);
    }

    @Override
    public void connected(AttackConn conn) {
        conn.send(prefix);
    }
}
