package reactorchat.protocol.frame;

import java.nio.ByteBuffer;

import reactorchat.chat.Chat;
import reactorchat.chat.Transfers;
import reactorchat.protocol.SessionOptions;
import reactorchat.reactor.Connection;
import reactorchat.reactor.ConnectionFactory;
import reactorchat.reactor.ConnectionHandler;

/**
 * The frame dialect: the chat for programs, binary-safe, with file transfers (docs/protocol.md,
 * "frame dialect"). One per listener.
 */
public final class FrameDialect implements ConnectionFactory {
    /** What WELCOME calls the server. */
    static final String SERVER_NAME = "reactor-chat";

    private final Chat chat;
    private final FrameFormat format = new FrameFormat();
    private SessionOptions sessionOptions;
    private FrameOptions options;

    public FrameDialect(Chat chat, FrameOptions options, SessionOptions sessionOptions) {
        this.chat = chat;
        this.sessionOptions = sessionOptions;
        reload(options);
    }

    /**
     * Takes new session options (the password, the unfinished-message deadline, the flood budget)
     * for sessions opened from now on.
     */
    public void reload(SessionOptions next) {
        sessionOptions = next;
    }

    /** New options: --max-frame for connections made from now on, --max-file for offers made from now on. */
    public void reload(FrameOptions options) {
        this.options = options;
        chat.transfers().setLimits(Transfers.Limits.DEFAULTS.withMaxFile(options.maxFileBytes()));
    }

    @Override
    public ConnectionHandler open(Connection connection) {
        return new FrameSession(chat, format, options, sessionOptions, connection);
    }

    @Override
    public ByteBuffer refusal(String reason) {
        return FrameFormat.error("refused", reason + ", closing", "");
    }
}
