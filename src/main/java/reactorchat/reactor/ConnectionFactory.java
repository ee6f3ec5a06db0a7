package reactorchat.reactor;

import java.nio.ByteBuffer;

/** Makes the handler for each connection a listener accepts: one factory per dialect listener. */
public interface ConnectionFactory {
    /** Creates the handler of a newly accepted connection; it may send its greeting at once. */
    ConnectionHandler open(Connection connection);

    /** The one line a refused connection is sent in this dialect, e.g. when the server is full. */
    ByteBuffer refusal(String reason);
}
