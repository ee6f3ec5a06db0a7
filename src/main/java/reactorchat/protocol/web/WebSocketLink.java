package reactorchat.protocol.web;

import java.nio.ByteBuffer;

import reactorchat.codec.WebSocketDecoder;
import reactorchat.codec.WebSocketFrames;
import reactorchat.reactor.Connection;
import reactorchat.reactor.ConnectionHandler;

/**
 * A connection after its WebSocket handshake: the bytes go to a chat session (irc or line) whose
 * decoder reads WebSocket frames, and its output is framed by the connection's
 * {@link WebSocketFraming}. This answers what the session knows nothing of: pings, the close
 * handshake, and a client that breaks the protocol.
 */
final class WebSocketLink implements ConnectionHandler, WebSocketDecoder.Control {
    private final Connection connection;
    private final WebSocketFraming framing;
    /** The chat session; set once, right after the link is made, since the session's decoder needs the link. */
    private ConnectionHandler session;

    WebSocketLink(Connection connection, WebSocketFraming framing) {
        this.connection = connection;
        this.framing = framing;
        connection.frameOutput(framing);
    }

    void start(ConnectionHandler session) {
        this.session = session;
    }

    @Override
    public void ping(byte[] payload) {
        connection.sendFramed(WebSocketFrames.frame(WebSocketFrames.PONG, payload, 0, payload.length));
    }

    /** Section 5.5.1: the close is answered with the client's code, then the server closes the TCP connection. */
    @Override
    public void closed(int code) {
        int answer = code == WebSocketFrames.NO_CODE ? WebSocketFrames.NORMAL : code;
        lastFrame(WebSocketFrames.close(answer, ""));
        connection.closeAfterFlush("connection closed");
    }

    @Override
    public void failed(int code, String why) {
        lastFrame(WebSocketFrames.close(code, why));
        connection.closeAfterFlush("websocket: " + why);
    }

    /** Sends a close frame of its own, in place of the framing's usual one. */
    private void lastFrame(ByteBuffer close) {
        if (connection.isOpen()) {
            connection.sendLastFrame(close);
        }
    }

    @Override
    public void onBytes(ByteBuffer in) {
        session.onBytes(in);
    }

    @Override
    public void onEof() {
        session.onEof();
    }

    @Override
    public void onIdle() {
        session.onIdle();
    }

    @Override
    public void onShutdown() {
        connection.frameOutput(framing.goingAway); // the session's goodbye, then 1001 rather than 1000
        session.onShutdown();
    }

    @Override
    public void onWritable() {
        session.onWritable();
    }

    @Override
    public void onClosed(String reason) {
        session.onClosed(reason);
    }
}
