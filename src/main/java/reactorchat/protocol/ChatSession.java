package reactorchat.protocol;

import java.nio.ByteBuffer;

import reactorchat.chat.Chat;
import reactorchat.chat.ChatEvent;
import reactorchat.chat.EventEncoder;
import reactorchat.chat.Recipient;
import reactorchat.chat.SharedEncoding;
import reactorchat.chat.User;
import reactorchat.codec.Decoder;
import reactorchat.reactor.Connection;
import reactorchat.reactor.ConnectionHandler;

/**
 * What every chat dialect's session is, whatever its wire format: one connection, its user once
 * it has one, its paced input, and one way to end. A dialect adds its parser, its command table
 * and its words for each {@link Ending}; this class decides when a session ends and does the
 * ending: the chat is told the user quit, the client gets its last words, the output is flushed,
 * then the connection closes.
 *
 * @param <S> the decoder's sink: the dialect's session itself
 */
public abstract class ChatSession<S extends Decoder.Sink> implements ConnectionHandler, Recipient, Decoder.Sink {
    /** The ways a session ends that every dialect has, each with the reason logged for it. */
    protected enum Ending {
        PEER_CLOSED("peer closed"),
        IDLE("idle timeout"),
        EXCESS_FLOOD("excess flood"),
        UNFINISHED("unfinished input"),
        NO_MEMORY("no memory for its input"),
        /** The server is stopping: a goodbye, and no quit (the chat is silenced, everyone goes). */
        SHUTDOWN("server shutting down");

        final String logReason;

        Ending(String logReason) {
            this.logReason = logReason;
        }
    }

    // Public for a dialect's command classes beside its session; sessions themselves are package-private.
    public final Chat chat;
    public final Connection connection;
    protected final SessionOptions options;
    protected final PacedInput<S> input;
    /** Null until the client is a chat user: before it has registered, or given the password. */
    public User user;

    protected ChatSession(Chat chat, Connection connection, Decoder<S> decoder, SessionOptions options) {
        this.chat = chat;
        this.connection = connection;
        this.options = options;
        this.input = new PacedInput<>(this, decoder, options);
    }

    /** What the client is told when its session ends this way, in this dialect's format; null for nothing. */
    protected abstract ByteBuffer lastWords(Ending ending);

    /** Why the user quit, as others see it, when the session ends this way; null for no quit. */
    protected String quitReason(Ending ending) {
        return switch (ending) {
            case PEER_CLOSED -> "connection closed";
            case IDLE -> "idle for " + connection.limits().idleTimeoutSeconds() + " seconds";
            case EXCESS_FLOOD -> FloodBudget.QUIT_REASON;
            case UNFINISHED -> "input timeout";
            case NO_MEMORY -> "server busy";
            case SHUTDOWN -> null;
        };
    }

    /** The encoder of this dialect's wire format, for chat events. */
    protected abstract EventEncoder format();

    /** Whether this user is sent {@code event}; all are, unless a dialect leaves some out. */
    protected boolean hears(ChatEvent event) {
        return true;
    }

    /**
     * Ends the session: the chat is told the user quit with {@code quitReason} (if the user is one
     * and a reason is given), the client gets {@code lastWords} (if any), its output is flushed,
     * then the connection closes. Whatever it still sends is ignored.
     */
    protected final void leave(String quitReason, ByteBuffer lastWords, String logReason) {
        sayGoodbye(quitReason, lastWords);
        connection.closeAfterFlush(logReason);
    }

    /**
     * Ends the session as {@link #leave} does, for a client the server turns away for good (a
     * wrong password): over a WebSocket the close frame says so (1008, {@code why}), so that a web
     * client stops reconnecting only to be refused again. {@code why} is logged too.
     */
    protected final void refuse(String quitReason, ByteBuffer lastWords, String why) {
        sayGoodbye(quitReason, lastWords);
        connection.refuseAfterFlush(why);
    }

    private void sayGoodbye(String quitReason, ByteBuffer lastWords) {
        if (user != null && quitReason != null) {
            chat.quit(user, quitReason);
        }
        if (lastWords != null && connection.isOpen()) {
            connection.send(lastWords);
        }
    }

    protected final void end(Ending ending) {
        if (connection.isOpen()) {
            leave(quitReason(ending), lastWords(ending), ending.logReason);
        }
    }

    /**
     * Counts one message, costing {@code units} lines ({@link CommandCost}: one but for a command
     * its table prices higher), against the flood budget; call it for each message before handling it.
     *
     * @return false if the session has just ended for excess flood: the message is not to be handled
     */
    protected final boolean charge(int units) {
        if (input.charge(units)) {
            return true;
        }
        end(Ending.EXCESS_FLOOD);
        return false;
    }

    @Override
    public final void onBytes(ByteBuffer in) {
        input.decode(in);
    }

    @Override
    public final void memoryRefused(long bytes) {
        end(Ending.NO_MEMORY);
    }

    @Override
    public void receive(ChatEvent event, SharedEncoding shared) {
        if (!hears(event)) {
            return;
        }
        ByteBuffer bytes = shared.bytes(format());
        if (bytes != null) { // null: an event this dialect does not show
            connection.send(bytes);
        }
        if (event instanceof ChatEvent.Killed) {
            connection.refuseAfterFlush("killed by " + event.user().nick());
        }
    }

    @Override
    public final void onEof() {
        end(Ending.PEER_CLOSED);
    }

    @Override
    public final void onIdle() {
        end(Ending.IDLE);
    }

    /**
     * Hands on the lines flood control still holds at once; says goodbye a pass later, so that
     * every session has handed on what it held before anyone is told goodbye.
     */
    @Override
    public final void onShutdown() {
        input.handleHeld();
        connection.timers().schedule(0, () -> end(Ending.SHUTDOWN));
    }

    @Override
    public void onClosed(String reason) {
        if (user != null) {
            chat.quit(user, reason); // ends this user's transfers too, which frees the other sides
        }
    }
}
