package reactorchat.reactor;

/**
 * Every limit the transport enforces, validated once. Throughout, 0 means unlimited (or off).
 *
 * @param maxConnections      connections open at once over all listeners; one more is sent the
 *                            dialect's refusal line and closed
 * @param maxPerAddress       connections open at once from one IP address, refused likewise
 * @param maxOutboundBytes    hard output limit: bytes queued for one connection; past it the
 *                            connection is a slow consumer and is closed, its queue freed at once
 * @param maxClientMemory     memory all clients together may make the server hold (see
 *                            {@link ClientMemory}): past it, new things are refused and the
 *                            connections holding more than an equal share are cut
 * @param softOutboundBytes   soft output limit: a queue may stay above it for at most
 *                            {@code softOutboundSeconds}, then the connection is closed likewise
 * @param softOutboundSeconds how long a queue may stay above the soft limit
 * @param idleTimeoutSeconds  seconds without a byte from the peer before its dialect is told
 * @param socketSendBuffer    the kernel's send buffer for each connection (SO_SNDBUF); 0 leaves
 *                            it to the OS, which on Linux lets it grow to tcp_wmem's maximum
 *                            (4 MiB) for a peer that does not read, before our own limits see it
 */
public record Limits(int maxConnections, int maxPerAddress, long maxOutboundBytes, long maxClientMemory,
                     long softOutboundBytes, int softOutboundSeconds, int idleTimeoutSeconds, int socketSendBuffer) {
    public static final int UNLIMITED = 0;

    /**
     * The default client memory budget: a quarter of the heap. What is live must fit in the old
     * generation, which the serial collector makes two thirds of the heap, beside the fixed cost
     * of the connections (about 13.5 MB for 10,000, the default --max-connections, at a 64 MB
     * heap); with half the heap, 8,000 attacking connections ran a 64 MB heap out.
     */
    public static final long DEFAULT_CLIENT_MEMORY = heapShare(25);

    public static final Limits DEFAULTS = new Limits(10_000, UNLIMITED, 1 << 20, DEFAULT_CLIENT_MEMORY, 256 << 10, 10, UNLIMITED, UNLIMITED);

    public Limits {
        require(maxConnections >= 0, "max-connections must be 0 (unlimited) or more");
        require(maxPerAddress >= 0, "max-per-address must be 0 (unlimited) or more");
        require(maxOutboundBytes >= 0, "max-outbound must be 0 (unlimited) or more");
        require(maxClientMemory >= 0, "max-client-memory must be 0 (unlimited) or more");
        require(softOutboundBytes >= 0, "soft-outbound must be 0 (off) or more");
        require(softOutboundSeconds >= 0, "soft-outbound-seconds must be 0 or more");
        require(idleTimeoutSeconds >= 0, "idle-timeout must be 0 (off) or more");
        require(socketSendBuffer >= 0, "socket-send-buffer must be 0 (the OS decides) or more");
    }

    /** {@code percent} of the JVM's maximum heap, in bytes. */
    public static long heapShare(int percent) {
        return Runtime.getRuntime().maxMemory() * percent / 100;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
