package reactorchat.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A client's bytes on their way out: written at once while the socket takes them; what it does not
 * take waits here, in order, and OP_WRITE is asked for until it has gone.
 */
final class Outbox {
    private final SocketChannel channel;
    /** What the socket has not taken yet, in write mode; null when nothing waits. */
    private ByteBuffer pending;

    Outbox(SocketChannel channel) {
        this.channel = channel;
    }

    void send(SelectionKey key, byte[] bytes, int offset, int length) throws IOException {
        if (pending == null) {
            ByteBuffer out = ByteBuffer.wrap(bytes, offset, length);
            channel.write(out);
            if (!out.hasRemaining()) {
                return;
            }
            // As much as is left, not more: an attack's ten thousand connections may each leave 64 KiB.
            pending = ByteBuffer.allocate(Math.max(4096, out.remaining()));
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            offset = out.position();
            length = out.remaining();
        }
        if (pending.remaining() < length) {
            ByteBuffer bigger = ByteBuffer.allocate((pending.position() + length) * 2);
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        pending.put(bytes, offset, length);
    }

    /** Bytes given to {@link #send} that the socket has not taken yet. */
    int unsent() {
        return pending == null ? 0 : pending.position();
    }

    /** Writes what waits, on OP_WRITE; once it has all gone, stops asking for OP_WRITE. */
    void flush(SelectionKey key) throws IOException {
        pending.flip();
        channel.write(pending);
        if (pending.hasRemaining()) {
            pending.compact();
            return;
        }
        pending = null;
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
    }
}
