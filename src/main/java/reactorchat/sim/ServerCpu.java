package reactorchat.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The CPU the server under test used while the simulator measured, from {@code /proc/PID/stat}:
 * what a delivery costs the server, whatever the simulator's own core was doing. Only for a
 * server on this machine, given by {@code --server-pid} or found as the process that listens on
 * the target's port.
 */
final class ServerCpu {
    /**
     * What {@code /proc} counts CPU time in: USER_HZ, which Linux fixes at 100 for user space on
     * x86 and ARM whatever the kernel's own tick rate.
     */
    private static final double TICKS_PER_SECOND = 100;
    private static final Path PROC = Path.of("/proc");

    /** No server to read: not on this machine, or not ours to read. */
    static final ServerCpu NONE = new ServerCpu(-1);

    private final long pid;
    private long startTicks = -1;
    private double seconds = -1;

    private ServerCpu(long pid) {
        this.pid = pid;
    }

    /**
     * The server's meter: {@code givenPid} if above 0, else the process listening on the target's
     * port if the target is on this machine; {@link #NONE} if there is none to read.
     */
    static ServerCpu find(InetSocketAddress target, long givenPid) {
        long pid = givenPid > 0 ? givenPid : isLocal(target) ? listenerPid(target.getPort()) : -1;
        return pid > 0 && ticks(pid) >= 0 ? new ServerCpu(pid) : NONE;
    }

    /** The server's process, or -1 for {@link #NONE}. */
    long pid() {
        return pid;
    }

    void start() {
        if (pid > 0) { // NONE is never written: the loops of a run on several threads share it
            startTicks = ticks(pid);
        }
    }

    void stop() {
        long now = pid > 0 ? ticks(pid) : -1;
        if (startTicks >= 0 && now >= startTicks) {
            seconds = (now - startTicks) / TICKS_PER_SECOND;
        }
    }

    /** CPU seconds the server used between start and stop, or -1 if they could not be read. */
    double seconds() {
        return seconds;
    }

    private static boolean isLocal(InetSocketAddress target) {
        InetAddress address = target.getAddress();
        if (address == null) {
            return false;
        }
        try {
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** User and system time of the whole process, in ticks; -1 if it is gone or unreadable. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            // The command name may hold spaces and parentheses: the fields start after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The process with a listening TCP socket on {@code port}, or -1: the socket's inode, then
     * whose descriptor it is. Under socket activation the service manager holds the socket too,
     * so of several holders the one that is not an ancestor of another is the server.
     */
    static long listenerPid(int port) {
        String inode = listeningInode(port);
        if (inode == null) {
            return -1;
        }
        String link = "socket:[" + inode + "]";
        List<Long> holders = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : processes) {
                if (holds(process, link)) {
                    holders.add(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return deepest(holders);
    }

    /** Of processes that share a socket, the one that is no other's ancestor; -1 if none. */
    static long deepest(List<Long> holders) {
        return holders.stream().filter(pid -> holders.stream().noneMatch(other -> isAncestor(pid, other)))
                .findFirst().orElse(-1L);
    }

    private static boolean isAncestor(long pid, long of) {
        Optional<ProcessHandle> parent = ProcessHandle.of(of).flatMap(ProcessHandle::parent);
        while (parent.isPresent()) {
            if (parent.get().pid() == pid) {
                return true;
            }
            parent = parent.get().parent();
        }
        return false;
    }

    private static boolean holds(Path process, String link) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path descriptor : descriptors) {
                if (link.equals(readLink(descriptor))) {
                    return true;
                }
            }
        } catch (IOException | SecurityException e) {
            // another user's process, or one that just ended
        }
        return false;
    }

    private static String readLink(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** The inode of a socket listening on {@code port}, from /proc/net/tcp and tcp6; null if none. */
    private static String listeningInode(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                for (String line : Files.readAllLines(PROC.resolve(table))) {
                    // sl local_address rem_address st ... inode: st 0A is LISTEN
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                        return f[9];
                    }
                }
            } catch (IOException e) {
                // no such table here (no IPv6, or not Linux)
            }
        }
        return null;
    }
}
