package reactorchat.reactor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    /** A dialect in which whatever a connection sends makes {@code line} go to every connection opened so far. */
    static ConnectionFactory broadcasting(ByteBuffer line) {
        List<Connection> room = new ArrayList<>();
        return factory(connection -> {
            room.add(connection);
            return new QuietHandler() {
                @Override
                public void onBytes(ByteBuffer in) {
                    in.position(in.limit());
                    room.forEach(member -> member.send(line));
                }
            };
        });
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
