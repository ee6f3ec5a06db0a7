package reactorchat.sim;

import java.lang.management.ManagementFactory;

/**
 * How much CPU this process used over an interval, as a share of one core. A load tool on one
 * thread can itself be the bottleneck; the report says so rather than blaming the server.
 */
final class CpuMeter {
    private final com.sun.management.OperatingSystemMXBean os = bean();
    private long startWall;
    private long startCpu = -1;
    private double share = -1;

    void start(long nowNanos) {
        if (os != null) {
            startWall = nowNanos;
            startCpu = os.getProcessCpuTime();
        }
    }

    void stop(long nowNanos) {
        if (os != null && startCpu >= 0 && nowNanos > startWall) {
            share = (double) (os.getProcessCpuTime() - startCpu) / (nowNanos - startWall);
        }
    }

    /** The share measured between start and stop, or -1 if it could not be. */
    double share() {
        return share;
    }

    private static com.sun.management.OperatingSystemMXBean bean() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os : null;
    }
}
