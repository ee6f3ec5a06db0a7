package reactorchat.reactor;

/**
 * Every limit the server enforces, validated once. Throughout, 0 means unlimited (or off).
 *
 * @param maxConnections     connections open at once over all listeners; one more is sent the
 *                           dialect's refusal line and closed
 * @param maxLineBytes       longest frame a text dialect accepts, terminator excluded; a longer
 *                           one is reported to its sender and discarded
 * @param maxOutboundBytes   bytes queued for one connection; past it the connection is a slow
 *                           consumer and is closed, its queue freed at once
 * @param idleTimeoutSeconds seconds without a byte from the peer before its dialect is told
 */
public record Limits(int maxConnections, int maxLineBytes, long maxOutboundBytes, int idleTimeoutSeconds) {
    public static final int UNLIMITED = 0;
    public static final int MIN_LINE_BYTES = 64;
    public static final int MAX_LINE_BYTES = 1 << 20;

    public static final Limits DEFAULTS = new Limits(10_000, 4096, 1 << 20, UNLIMITED);

    public Limits {
        require(maxConnections >= 0, "max-connections must be 0 (unlimited) or more");
        require(maxLineBytes >= MIN_LINE_BYTES && maxLineBytes <= MAX_LINE_BYTES,
                "max-line must be from " + MIN_LINE_BYTES + " to " + MAX_LINE_BYTES + " bytes");
        require(maxOutboundBytes >= 0, "max-outbound must be 0 (unlimited) or more");
        require(idleTimeoutSeconds >= 0, "idle-timeout must be 0 (off) or more");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
