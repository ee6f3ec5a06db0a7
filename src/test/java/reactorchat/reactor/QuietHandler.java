package reactorchat.reactor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** A handler for tests about what the transport does with bytes: it ignores every other event. */
abstract class QuietHandler implements ConnectionHandler {
    /** A factory that gives each connection the handler {@code open} makes; a refusal is its reason, as text. */
    static ConnectionFactory factory(Function<Connection, ConnectionHandler> open) {
        return new ConnectionFactory() {
            @Override
            public ConnectionHandler open(Connection connection) {
                return open.apply(connection);
            }

            @Override
            public ByteBuffer refusal(String reason) {
                return StandardCharsets.UTF_8.encode(reason);
            }
        };
    }

    @Override
    public void onEof() {
    }

    @Override
    public void onIdle() {
    }

    @Override
    public void onShutdown() {
    }

    @Override
    public void onClosed(String reason) {
    }
}
