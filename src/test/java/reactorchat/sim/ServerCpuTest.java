package reactorchat.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server's CPU as the report gives it, read from /proc for the process listening on the target's port. */
class ServerCpuTest {
    private static final long THIS_PROCESS = ProcessHandle.current().pid();

    @BeforeAll
    static void onlyWhereThereIsProc() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "the server's CPU is read from Linux's /proc");
    }

    @Test
    void theServerIsTheProcessListeningOnTheTargetsPort() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(ServerCpu.listenerPid(listening.getLocalPort())).isEqualTo(THIS_PROCESS);
        }
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        assertThat(ServerCpu.listenerPid(closedPort)).isEqualTo(-1);
    }

    @Test
    void ofSeveralProcessesHoldingTheSocketTheServerIsTheOneNoOthersAncestor() {
        // As under socket activation: the service manager and the server it started both hold it.
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        assertThat(ServerCpu.deepest(List.of(parent, THIS_PROCESS))).isEqualTo(THIS_PROCESS);
        assertThat(ServerCpu.deepest(List.of(THIS_PROCESS, parent))).isEqualTo(THIS_PROCESS);
        assertThat(ServerCpu.deepest(List.of())).isEqualTo(-1);
    }

    @Test
    void aServerOnAnotherMachineIsNotMeasuredUnlessItsProcessIsGiven() {
        InetSocketAddress remote = new InetSocketAddress("192.0.2.1", 6667);
        assertThat(ServerCpu.find(remote, 0)).isSameAs(ServerCpu.NONE);
        assertThat(ServerCpu.find(remote, THIS_PROCESS).pid()).isEqualTo(THIS_PROCESS);
    }

    @Test
    void countsTheCpuTheServerUsedBetweenStartAndStop() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ServerCpu cpu = ServerCpu.find(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    listening.getLocalPort()), 0);
            Duration before = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
            cpu.start();
            burnCpu(TimeUnit.MILLISECONDS.toNanos(300));
            cpu.stop();
            Duration after = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
            // /proc counts in 10 ms ticks, and this process's other threads add to it.
            assertThat(cpu.seconds()).isGreaterThanOrEqualTo(0.25)
                    .isCloseTo((after.toNanos() - before.toNanos()) / 1e9, within(0.1));
        }
    }

    /** Keeps this thread on the CPU until it has used {@code nanos} of it. */
    private static void burnCpu(long nanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + nanos;
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            for (int i = 0; i < 100_000; i++) {
                sink += i * 31L ^ sink;
            }
        }
        assertThat(sink).isNotEqualTo(42); // keeps the loop from being optimised away
    }
}
