package reactorchat.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import reactorchat.testing.TestServer;

/**
 * The silent crowd: ten clients that never read while five hundred chat. The chatters are the
 * simulator's, all on its one thread (five hundred reader threads beside the server starve each
 * other on two cores; see CrowdTest for the hundred-thread form). The ten must be cut off as slow
 * consumers, the five hundred must get every message once and in order, and what the ten held
 * must be given back: no output queued at the end, and the heap back near where it started.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SilentCrowdTest {
    /** Generous: the heap is this JVM's, shared with the simulator and the test runner. */
    private static final long HEAP_SLACK = 48L << 20;

    @Test
    void tenSilentAmongFiveHundredAreCutAndTheRestLoseNothing() throws Exception {
        // A small kernel buffer, or each silent client would soak up megabytes before our limit counts;
        // the soft limit, not the hard one, so a chatter would have to stall for seconds to be cut too.
        try (TestServer server = TestServer.start("--listen", "http=127.0.0.1:0", "--soft-outbound", "64k",
                "--soft-outbound-seconds", "2", "--socket-send-buffer", "16k", "--log-level", "warn")) {
            long heapBefore = heapAfterGc();
            SimOptions options = SimOptions.parse(List.of("--target", SoakTest.address(server, "line"),
                    "--clients", "500", "--silent", "10", "--senders", "10", "--rate", "5", "--size", "1000",
                    "--warmup", "1", "--duration", "5"));

            Report report = Simulate.report(options, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8));

            assertThat(report.problems()).isEmpty();
            assertThat(report.joined()).isEqualTo(500);
            assertThat(report.sentMeasured()).isBetween(230L, 270L); // 10 senders x 5/s x 5 s
            assertThat(report.deliveredMeasured()).isEqualTo(report.sentMeasured() * 500);
            assertThat(report.lost() + report.duplicated() + report.reordered() + report.disconnected()).isZero();
            assertThat(report.silentCut()).as("silent clients that saw the server close them").isEqualTo(10);
            ServerWatch.Sample server1 = ServerWatch.sample(server.address("http"));
            assertThat(server1.slowConsumerCuts()).as("the server's count").isEqualTo(10);
            assertThat(server1.outboundQueued()).as("output still queued").isZero();
            assertThat(heapAfterGc()).as("heap after the run vs before, in bytes").isLessThan(heapBefore + HEAP_SLACK);
        }
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
