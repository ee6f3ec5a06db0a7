package reactorchat.protocol.echo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import reactorchat.codec.LineDecoder;
import reactorchat.protocol.InputLimits;
import reactorchat.reactor.Connection;
import reactorchat.reactor.ConnectionFactory;
import reactorchat.reactor.ConnectionHandler;

/** The echo dialect: every line comes back as it was sent, under the same framing limits as chat. */
public final class EchoDialect implements ConnectionFactory {
    private InputLimits limits;

    /** @param limits its line length is the echo's; it has no flood control */
    public EchoDialect(InputLimits limits) {
        this.limits = limits;
    }

    /** Takes new input limits for sessions opened from now on. */
    public void reload(InputLimits next) {
        limits = next;
    }

    @Override
    public ConnectionHandler open(Connection connection) {
        return new EchoSession(connection, limits.maxLineBytes());
    }

    @Override
    public ByteBuffer refusal(String reason) {
        return error(reason + ", closing");
    }

    static ByteBuffer error(String text) {
        return ByteBuffer.wrap(("! " + text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static final class EchoSession implements ConnectionHandler, LineDecoder.Sink {
        private final Connection connection;
        private final LineDecoder decoder;

        EchoSession(Connection connection, int maxLineBytes) {
            this.connection = connection;
            this.decoder = new LineDecoder(maxLineBytes, connection.memory());
        }

        @Override
        public void onBytes(ByteBuffer in) {
            decoder.decode(in, this);
        }

        @Override
        public void line(byte[] bytes, int offset, int length) {
            byte[] copy = new byte[length + 1];
            System.arraycopy(bytes, offset, copy, 0, length);
            copy[length] = '\n';
            connection.send(ByteBuffer.wrap(copy));
        }

        @Override
        public void lineTooLong(int maxLength) {
            connection.send(error("line too long (max " + maxLength + " bytes)"));
        }

        @Override
        public void memoryRefused(long bytes) {
            connection.send(error("server busy: no memory to hold " + bytes + " bytes of your input, closing"));
            connection.closeAfterFlush("no memory for its input");
        }

        @Override
        public void onEof() {
            connection.closeAfterFlush("peer closed");
        }

        @Override
        public void onIdle() {
            connection.send(error("idle for " + connection.limits().idleTimeoutSeconds() + " seconds, closing"));
            connection.closeAfterFlush("idle timeout");
        }

        @Override
        public void onShutdown() {
            connection.send(ByteBuffer.wrap("* server shutting down\n".getBytes(StandardCharsets.UTF_8)));
            connection.closeAfterFlush("server shutting down");
        }

        @Override
        public void onClosed(String reason) {
            // An echo connection holds nothing beyond its decoder.
        }
    }
}
