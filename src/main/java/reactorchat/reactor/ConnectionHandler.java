package reactorchat.reactor;

import java.nio.ByteBuffer;

/** What a dialect does with one connection. Every method runs on the loop thread. */
public interface ConnectionHandler {
    /**
     * Bytes read from the peer. {@code in} is the loop's shared read buffer: it is valid only
     * during this call, so a handler copies out whatever it needs to keep.
     */
    void onBytes(ByteBuffer in);

    /** The peer closed its side; a handler normally answers with {@link Connection#closeAfterFlush}. */
    void onEof();

    /** No bytes arrived for the idle time-out. */
    void onIdle();

    /** The server is stopping: say goodbye and {@link Connection#closeAfterFlush}. */
    void onShutdown();

    /**
     * The output queue fell below the low water mark after being above the high one (only on a
     * connection that {@link Connection#watchWaterMarks watches} them): a producer held back for
     * this peer may go on. Called at the end of a write; the handler may queue more output.
     */
    default void onWritable() {
    }

    /** The connection is closed; called exactly once, whatever closed it. */
    void onClosed(String reason);
}
