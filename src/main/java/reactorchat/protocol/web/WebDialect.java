package reactorchat.protocol.web;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;

import reactorchat.protocol.SessionOptions;
import reactorchat.protocol.irc.IrcDialect;
import reactorchat.protocol.irc.IrcOptions;
import reactorchat.protocol.line.LineDialect;
import reactorchat.reactor.Connection;
import reactorchat.reactor.ConnectionFactory;
import reactorchat.reactor.ConnectionHandler;

/**
 * The web dialect: for browsers. Over HTTP/1.1 it serves the web client's files and, at
 * {@code /ws}, opens a WebSocket (RFC 6455) whose messages are IRC messages or line-dialect lines
 * ({@link Subprotocol}), for a session of the irc or line dialect on the same chat. It serves
 * nothing else: the operators' {@code /metrics} stays on the http dialect. One per listener.
 */
public final class WebDialect implements ConnectionFactory {
    final IrcDialect irc;
    final LineDialect line;
    final StaticFiles files = new StaticFiles();
    private final Map<Subprotocol, WebSocketFraming> framings = new EnumMap<>(Subprotocol.class);
    WebOptions options;

    /** @param irc, line the dialects of the sessions its WebSockets open, on the chat of the other listeners */
    public WebDialect(IrcDialect irc, LineDialect line, WebOptions options) {
        this.irc = irc;
        this.line = line;
        this.options = options;
        for (Subprotocol protocol : Subprotocol.values()) {
            framings.put(protocol, new WebSocketFraming(protocol.opcode));
        }
    }

    /** Takes new options for requests and WebSockets opened from now on, and its sessions' dialects theirs. */
    public void reload(WebOptions next, IrcOptions nextIrc, SessionOptions nextSession) {
        options = next;
        irc.reload(nextIrc);
        irc.reload(nextSession);
        line.reload(nextSession);
    }

    /** The framing every WebSocket of {@code protocol} shares, so that a broadcast is framed once. */
    WebSocketFraming framing(Subprotocol protocol) {
        return framings.get(protocol);
    }

    @Override
    public ConnectionHandler open(Connection connection) {
        return new WebExchange(this, connection);
    }

    @Override
    public ByteBuffer refusal(String reason) {
        return WebResponse.text(503, "Service Unavailable", reason + "\n", "");
    }
}
