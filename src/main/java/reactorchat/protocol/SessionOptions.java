package reactorchat.protocol;

/**
 * What an operator may set for every chat dialect's sessions alike.
 *
 * @param partialTimeoutSeconds how long a line without its newline, or a frame started and not
 *                              finished, may stay unfinished before the connection is told and
 *                              closed (a client that trickles a message holds server memory and a
 *                              connection slot); 0 means never
 */
public record SessionOptions(int partialTimeoutSeconds) {
    public static final SessionOptions DEFAULTS = new SessionOptions(30);

    public SessionOptions {
        if (partialTimeoutSeconds < 0) {
            throw new IllegalArgumentException("partial-timeout must be 0 (never) or more");
        }
    }
}
