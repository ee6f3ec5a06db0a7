package reactorchat.reactor;

/**
 * When a connection's output queue counts as full, for back-pressure (as Netty's
 * WriteBufferWaterMark): a queue that grows above {@code high} bytes makes the connection
 * unwritable; once writes bring it below {@code low}, it is writable again and its handler is told
 * ({@link ConnectionHandler#onWritable}). The gap between the two keeps a producer from being
 * stopped and started for every buffer.
 *
 * @param low  bytes below which an unwritable connection becomes writable again
 * @param high bytes above which a connection becomes unwritable
 */
public record WaterMarks(int low, int high) {
    /**
     * 48 KiB and 96 KiB. Above one 64 KiB file chunk, so that two are in flight and a sender is
     * not stopped after every chunk (Netty's 32/64 KiB did that, and moved a file through
     * loopback at about 200 MiB/s against 260 here); and with frames of up to 128 KiB a receiver's
     * queue stays under 224 KiB, inside the default soft output limit (256 KiB), so a receiver
     * that stops reading for a while is not cut as a slow consumer.
     */
    public static final WaterMarks DEFAULTS = new WaterMarks(48 << 10, 96 << 10);

    public WaterMarks {
        if (low < 0 || high < 1 || low > high) {
            throw new IllegalArgumentException("water marks need 0 <= low <= high and high >= 1, got low " + low
                    + ", high " + high);
        }
    }
}
