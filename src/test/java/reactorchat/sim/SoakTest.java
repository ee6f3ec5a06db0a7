package reactorchat.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import reactorchat.testing.TestServer;

/**
 * The soak mode's short form against the real server in this JVM: chatters, churn, slow readers
 * and flooders together for a few seconds, with flood control on and output limits small enough
 * that a slow reader is cut within a second or two.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SoakTest {
    @Test
    void aShortSoakLosesNothingCutsTheSlowReadersAndChurns() throws Exception {
        try (TestServer server = TestServer.start("--listen", "http=127.0.0.1:0", "--flood-rate", "10",
                "--max-outbound", "128k", "--soft-outbound", "32k", "--soft-outbound-seconds", "1",
                "--socket-send-buffer", "16k", "--log-level", "warn")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SimOptions options = SimOptions.parse(List.of("--target", address(server, "line"), "--clients", "40",
                    "--senders", "8", "--rate", "5", "--size", "1000", "--soak", "0.15", "--warmup", "1",
                    "--report-every", "2", "--churn", "20", "--slow", "2", "--slow-silence", "3", "--flooders", "2",
                    "--metrics", address(server, "http"), "--json"));

            Report report = new ClientLoops(options, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();

            assertThat(report.problems()).isEmpty();
            assertThat(report.lost() + report.duplicated() + report.reordered() + report.disconnected()).isZero();
            assertThat(report.deliveredMeasured()).isEqualTo(report.sentMeasured() * 40).isPositive();
            Soak.Summary soak = report.soak();
            assertThat(soak.slowCut()).as("slow readers cut").isGreaterThanOrEqualTo(2);
            assertThat(soak.slowNotCut()).isZero();
            assertThat(soak.quits()).as("quit cycles").isPositive();
            assertThat(soak.resets()).as("reset cycles").isPositive();
            assertThat(soak.halfCloses()).as("half-close cycles").isPositive();
            assertThat(soak.churnCycles()).isGreaterThan(50); // 20 a second for 9 s
            assertThat(soak.churnFailures()).isEmpty();
            assertThat(report.floodSent()).as("two bursts of 100").isEqualTo(2L * SoakOptions.FLOOD_LINES);
            assertThat(report.floodDelivered()).as("every flood line to every chatter")
                    .isEqualTo(report.floodSent() * 40);
            assertThat(report.floodLateMaxNanos()).as("flood control delayed the bursts")
                    .isGreaterThan(TimeUnit.SECONDS.toNanos(3));
            assertThat(soak.baseline().samples).isPositive();
            assertThat(soak.end().slowConsumerCuts).as("the server's count").isGreaterThanOrEqualTo(2);
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSizeGreaterThanOrEqualTo(4).allMatch(line -> line.startsWith("{\"seconds\":"));
            assertThat(lines.get(0)).contains("\"phase\":\"warmup\"", "\"lost\":0");
            assertThat(lines.get(lines.size() - 1)).contains("\"phase\":\"measure\"")
                    .containsPattern("\"fds_floor\":[1-9]");
        }
    }

    @Test
    void aLeakingServerFailsTheRun() {
        SoakOptions options = new SoakOptions(1, 1, 1, 0, 1, SimOptions.parseTarget("127.0.0.1:1"), 64L << 20, 25);
        ServerWatch.Window start = window(100L << 20, 200);
        Soak.Summary flat = summary(options, start, window(150L << 20, 220));
        Soak.Summary leaking = summary(options, start, window(200L << 20, 260));

        assertThat(flat.problems()).isEmpty();
        assertThat(leaking.problems()).containsExactly("server heap floor rose 100 MB (tolerance 64 MB)",
                "server open descriptors rose 60 (tolerance 25)");
        assertThat(summary(options, null, null).problems()).singleElement().asString().contains("not sampled");
    }

    private static Soak.Summary summary(SoakOptions options, ServerWatch.Window first, ServerWatch.Window last) {
        return new Soak.Summary(options, 1, 1, 1, java.util.Map.of(), 1, 0, java.util.Map.of(), first, last, null);
    }

    private static ServerWatch.Window window(long heapFloor, long fdsFloor) {
        ServerWatch.Window w = new ServerWatch.Window();
        w.add(new ServerWatch.Sample(heapFloor, fdsFloor, 10, 0, 0, 0, -1));
        return w;
    }

    static String address(TestServer server, String dialect) {
        return "127.0.0.1:" + server.address(dialect).getPort();
    }
}
