package reactorchat.protocol.line;

import java.nio.ByteBuffer;
import java.time.ZoneId;

import reactorchat.chat.Chat;
import reactorchat.codec.Decoder;
import reactorchat.codec.LineDecoder;
import reactorchat.protocol.SessionOptions;
import reactorchat.reactor.Connection;
import reactorchat.reactor.ConnectionFactory;
import reactorchat.reactor.ConnectionHandler;

/** The line dialect: the chat for people on {@code nc} or {@code telnet}. One per listener. */
public final class LineDialect implements ConnectionFactory {
    /** The room everyone starts in. */
    public static final String LOBBY = "lobby";

    private final Chat chat;
    private final LineFormat format;
    private SessionOptions options;

    public LineDialect(Chat chat, ZoneId zone, SessionOptions options) {
        this.chat = chat;
        this.format = new LineFormat(zone);
        this.options = options;
    }

    /**
     * Takes new session options (the password, the unfinished-message deadline, the line length and
     * the flood budget) for sessions opened from now on.
     */
    public void reload(SessionOptions next) {
        options = next;
    }

    @Override
    public ConnectionHandler open(Connection connection) {
        return open(connection, new LineDecoder(options.input().maxLineBytes(), connection.memory()));
    }

    /** A session for lines that come in another framing (WebSocket messages), through {@code decoder}. */
    public ConnectionHandler open(Connection connection, Decoder<LineDecoder.Sink> decoder) {
        return new LineSession(chat, format, options, connection, decoder);
    }

    /** The longest line a client may send now (--max-line). */
    public int maxLineBytes() {
        return options.input().maxLineBytes();
    }

    @Override
    public ByteBuffer refusal(String reason) {
        return LineFormat.error(reason + ", closing");
    }
}
