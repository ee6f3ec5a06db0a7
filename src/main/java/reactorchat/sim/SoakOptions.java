package reactorchat.sim;

import java.net.InetSocketAddress;

/**
 * What a soak run mixes in beside the well-behaved chatters, and how much the server may drift.
 *
 * @param churnRate         connect/register/chat/leave cycles started per second
 * @param slowReaders       clients at a time that stop reading and must be cut by the server
 * @param slowSilenceNanos  how long a slow reader goes without reading before it checks it was cut
 * @param flooders          clients that send bursts far above the flood rate, in the chatters' room
 * @param reportEveryNanos  how often a report line is printed
 * @param metrics           the server's http listener, to sample its heap and descriptors; null if none
 * @param heapToleranceBytes how far the server's heap floor may rise from after warm-up to the end
 * @param fdTolerance       how far the server's open descriptors may rise from after warm-up to the end
 */
record SoakOptions(double churnRate, int slowReaders, long slowSilenceNanos, int flooders, long reportEveryNanos,
                   InetSocketAddress metrics, long heapToleranceBytes, int fdTolerance) {
    /** Lines in one flooder burst: five times the server's default flood burst. */
    static final int FLOOD_LINES = 100;
    /** Time between one flooder's bursts; long enough for a burst to pass at the default flood rate. */
    static final long FLOOD_EVERY_NANOS = 30_000_000_000L;
}
