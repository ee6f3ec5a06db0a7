package reactorchat.reactor;

import java.nio.ByteBuffer;

/**
 * A connection's wait for its PROXY header, on a listener that asks for one: the part of the
 * header that has come while the rest has not (at most {@link ProxyHeader#MAX_BYTES}, charged to
 * the connection's memory), and the deadline the whole of it must come by. Most headers come in
 * the connection's first read and are parsed where they lie, never copied.
 */
final class ProxyHeaderReader {
    private final Connection connection;
    private final Timer deadline;
    /** The start of a header whose rest has not come; null while there is none. */
    private byte[] held;

    ProxyHeaderReader(Connection connection, long timeoutMillis) {
        this.connection = connection;
        // Counted from the connect, not from the last byte, so that trickling bytes buys no time.
        this.deadline = connection.timers().schedule(timeoutMillis,
                () -> connection.close("no whole PROXY header within " + timeoutMillis + " ms"));
    }

    /**
     * Takes what {@code in} brings of the header.
     *
     * @return the header once it is whole, {@code in}'s position then just after it; null while
     *         more is to come, or if the connection is closing for a malformed header or for want
     *         of memory to hold its start
     */
    ProxyHeader.Parsed read(ByteBuffer in) {
        int heldBytes = held == null ? 0 : held.length;
        ByteBuffer header = in;
        if (held != null) {
            int more = Math.min(in.remaining(), ProxyHeader.MAX_BYTES - heldBytes);
            header = ByteBuffer.allocate(heldBytes + more).put(held).put(in.slice(in.position(), more)).flip();
        }
        ProxyHeader.Parsed parsed;
        try {
            parsed = ProxyHeader.parse(header);
        } catch (ProxyHeader.Malformed e) {
            connection.close(e.getMessage());
            return null;
        }
        if (parsed == null) {
            hold(header);
            return null;
        }
        in.position(in.position() + parsed.length() - heldBytes);
        connection.memory().release(heldBytes);
        held = null;
        deadline.cancel();
        return parsed;
    }

    /** Keeps the start of a header; it is shorter than {@link ProxyHeader#MAX_BYTES}, or it would have been refused. */
    private void hold(ByteBuffer start) {
        int heldBytes = held == null ? 0 : held.length;
        if (!connection.memory().tryCharge(start.remaining() - heldBytes)) {
            connection.close("client memory full");
            return;
        }
        held = new byte[start.remaining()];
        start.get(held);
    }
}
