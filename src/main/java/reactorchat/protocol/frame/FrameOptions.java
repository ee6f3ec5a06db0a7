package reactorchat.protocol.frame;

/**
 * What an operator may set for the frame dialect.
 *
 * @param maxFrameBytes the longest frame a client may send (--max-frame), length prefix excluded;
 *                      a longer one gets {@code ERROR frame-too-long} and the connection is closed
 * @param maxFileBytes  the largest file that may be offered (--max-file)
 */
public record FrameOptions(int maxFrameBytes, long maxFileBytes) {
    /** Room for a CHUNK header and a useful body. */
    public static final int MIN_FRAME_BYTES = 1024;
    /** At most 16 MiB: one unfinished frame is what a connection may make the server hold. */
    public static final int MAX_FRAME_BYTES = 16 << 20;

    public static final FrameOptions DEFAULTS = new FrameOptions(128 << 10, 1L << 30);

    public FrameOptions {
        if (maxFrameBytes < MIN_FRAME_BYTES || maxFrameBytes > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("max-frame must be from " + MIN_FRAME_BYTES + " to " + MAX_FRAME_BYTES
                    + " bytes");
        }
        if (maxFileBytes < 0) {
            throw new IllegalArgumentException("max-file must be 0 or more bytes");
        }
    }
}
