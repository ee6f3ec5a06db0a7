package reactorchat.sim;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recognises the OS refusing more sockets, and says how to raise the limit that was hit. */
final class OsLimits {
    private static final Path PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private OsLimits() {
    }

    /** Advice if {@code e} means the process is out of file descriptors or local ports, else null. */
    static String advice(IOException e, int open, InetSocketAddress target) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Too many open files")) {
            return "the simulator ran out of file descriptors after " + open + " connections (ulimit -n is "
                    + fileLimit() + "); raise it in the shell that starts it, e.g. `ulimit -n 65536` (the hard "
                    + "limit is set in /etc/security/limits.conf, or LimitNOFILE= for a systemd service)";
        }
        if (message.contains("Cannot assign requested address")) {
            return "the OS ran out of local ports for " + target + " after " + open + " connections "
                    + "(net.ipv4.ip_local_port_range is " + portRange() + "); widen it, e.g. "
                    + "`sysctl -w net.ipv4.ip_local_port_range=\"1024 65535\"`";
        }
        return null;
    }

    private static String fileLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return Long.toString(unix.getMaxFileDescriptorCount());
        }
        return "unknown";
    }

    private static String portRange() {
        try {
            return Files.readString(PORT_RANGE, StandardCharsets.US_ASCII).strip().replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
