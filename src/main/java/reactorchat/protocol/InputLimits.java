package reactorchat.protocol;

/**
 * How much input an operator lets one connection send, validated once: the longest line of the
 * line-framed dialects and the flood budget of the chat dialects. Dialect policy, so it lives here
 * rather than with the transport's limits.
 *
 * @param maxLineBytes        longest line the line, echo and http dialects accept, terminator
 *                            excluded; a longer one is reported to its sender and discarded (irc's
 *                            is fixed by its RFC, frame has --max-frame)
 * @param floodRate           messages per second a chat connection may send, sustained; past its
 *                            budget its reads pause, so its lines are delayed, never dropped; 0 is off
 * @param floodBurst          messages a connection may get ahead of its rate (after a quiet
 *                            spell, this many and one more go at once; see {@link FloodGate})
 * @param floodTimeoutSeconds seconds a connection may stay over its flood budget without a break
 *                            (see {@link FloodGate}) before it is told and closed; 0 is never
 */
public record InputLimits(int maxLineBytes, int floodRate, int floodBurst, int floodTimeoutSeconds) {
    public static final int MIN_LINE_BYTES = 64;
    public static final int MAX_LINE_BYTES = 1 << 20;

    public static final InputLimits DEFAULTS = new InputLimits(4096, 10, 20, 30);

    public InputLimits {
        require(maxLineBytes >= MIN_LINE_BYTES && maxLineBytes <= MAX_LINE_BYTES,
                "max-line must be from " + MIN_LINE_BYTES + " to " + MAX_LINE_BYTES + " bytes");
        require(floodRate >= 0, "flood-rate must be 0 (off) or more");
        require(floodBurst >= 1, "flood-burst must be 1 or more");
        require(floodTimeoutSeconds >= 0, "flood-timeout must be 0 (never) or more");
    }

    /** A new gate for one connection's messages, or null when flood control is off. */
    public FloodGate newFloodGate() {
        return floodRate == 0 ? null : new FloodGate(floodRate, floodBurst);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
