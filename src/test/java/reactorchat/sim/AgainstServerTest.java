package reactorchat.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.app.Config;
import reactorchat.app.Server;
import reactorchat.testing.TestServer;

/** The simulator against reactor-chat itself, in this JVM, over real loopback sockets. */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class AgainstServerTest {
    private final ByteArrayOutputStream status = new ByteArrayOutputStream();
    private Server server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.shutdown();
            assertThat(server.awaitStop(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void twoHundredClientsGetEveryMessageOnceAndInOrder() throws Exception {
        start();
        Report report = Simulate.report(SimOptions.parse(List.of("--target", target(), "--clients", "200",
                "--senders", "5", "--rate", "20", "--warmup", "0.5", "--duration", "1.5")), statusStream());

        assertThat(report.problems()).isEmpty();
        assertThat(report.exitCode()).isEqualTo(Simulate.CLEAN);
        assertThat(report.joined()).isEqualTo(200);
        assertThat(report.recipients()).isEqualTo(200); // the line dialect echoes to the sender too
        assertThat(report.sentMeasured()).isBetween(140L, 160L);
        assertThat(report.deliveredMeasured()).isEqualTo(report.sentMeasured() * 200);
        assertThat(report.lost() + report.duplicated() + report.reordered()).isZero();
        assertThat(report.latency("p99")).isPositive();
        assertThat(report.serverPid()).as("the server listens in this JVM").isEqualTo(ProcessHandle.current().pid());
        assertThat(report.serverMicrosPerDelivery()).isPositive();
        assertThat(report.table()).contains("µs of CPU per delivery");
        assertThat(report.json()).contains("\"server_cpu_us_per_delivery\":");
        assertThat(status.toString(StandardCharsets.UTF_8)).contains("measure", "deliveries/s");
    }

    @Test
    void withProbesOnlyTheSendersAndProbesGiveLatencyAndEveryoneIsCheckedForLoss() throws Exception {
        start("--flood-rate", "0");
        Report report = Simulate.report(SimOptions.parse(List.of("--target", target(), "--clients", "100",
                "--senders", "2", "--rate", "20", "--warmup", "0.5", "--duration", "1.5", "--probes", "5",
                "--read-interval", "10")), statusStream());

        assertThat(report.problems()).isEmpty();
        assertThat(report.deliveredMeasured()).isEqualTo(report.sentMeasured() * 100);
        assertThat(report.latencySamples()).as("2 senders and 5 probes, each had every measured message")
                .isEqualTo(report.sentMeasured() * 7);
        assertThat(report.table()).contains("at the senders and 5 probes; the others read every 10 ms");
    }

    @Test
    void onTwoThreadsEveryReceiverGetsEverySendersMessagesAndOneReportCountsThemAll() throws Exception {
        start("--flood-rate", "0");
        Report report = Simulate.report(SimOptions.parse(List.of("--target", target(), "--clients", "60",
                "--senders", "3", "--rate", "20", "--warmup", "0.5", "--duration", "1.5", "--probes", "4",
                "--threads", "2")), statusStream());

        assertThat(report.problems()).isEmpty();
        assertThat(report.joined()).isEqualTo(60);
        assertThat(report.sentMeasured()).as("3 senders x 20/s x 1.5 s, two on one thread and one on the other")
                .isBetween(80L, 100L);
        assertThat(report.deliveredMeasured()).as("each thread's 30 receivers had every sender's every message")
                .isEqualTo(report.sentMeasured() * 60);
        assertThat(report.delivered()).isEqualTo(report.sent() * 60);
        assertThat(report.lost() + report.late() + report.duplicated() + report.reordered() + report.foreign())
                .isZero();
        assertThat(report.latencySamples()).as("3 senders and 4 probes, on either thread")
                .isEqualTo(report.sentMeasured() * 7);
        assertThat(report.json()).contains("\"threads\":2", "\"joined\":60");
        assertThat(report.table()).contains("60 joined, on 2 threads");
        assertThat(status.toString(StandardCharsets.UTF_8)).as("one status line for both threads")
                .contains("joined 60 ");
    }

    @Test
    void idleModeOnThreeThreadsHoldsEveryConnection() throws Exception {
        start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Simulate.run(List.of("--target", target(), "--idle", "50", "--duration", "0.2", "--threads", "3",
                "--json"), new PrintStream(out, true, StandardCharsets.UTF_8), statusStream());

        assertThat(exit).isEqualTo(Simulate.CLEAN);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"opened\":50", "\"joined\":50",
                "\"threads\":3", "\"exit\":0");
    }

    @Test
    void linesTheServerPacesAreLateNotLostAndTheReportSaysHowToLoadTest() throws Exception {
        start(); // flood control on its defaults: 10 lines a second, 20 at once
        Report report = Simulate.report(SimOptions.parse(List.of("--target", target(), "--clients", "10",
                "--senders", "1", "--rate", "100", "--warmup", "0", "--duration", "1")), statusStream());

        assertThat(report.lost() + report.duplicated() + report.reordered()).isZero();
        assertThat(report.heldBack()).as("100 lines in a second, 30 let through, 50 more in the 5 s of drain")
                .isPositive();
        assertThat(report.late()).isEqualTo(report.heldBack() * report.recipients());
        assertThat(report.problems()).singleElement().asString()
                .contains(report.late() + " deliveries late", "--flood-rate 0");
        assertThat(report.table()).contains("lost 0  late " + String.format("%,d", report.late()));
    }

    @Test
    void aFullServerIsReportedWithItsOwnErrorLine() throws Exception {
        start("--max-connections", "5");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Simulate.run(List.of("--target", target(), "--clients", "8", "--senders", "1", "--rate", "10",
                "--warmup", "0", "--duration", "0.3", "--setup-timeout", "10"),
                new PrintStream(out, true, StandardCharsets.UTF_8), statusStream());

        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(Simulate.PROBLEMS);
        assertThat(table).contains("3 of 8 clients did not join", "! server full (5 connections), closing");
    }

    @Test
    void idleModeHoldsTheConnectionsAndReports() throws Exception {
        start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Simulate.run(List.of("--target", target(), "--idle", "50", "--duration", "0.2", "--json"),
                new PrintStream(out, true, StandardCharsets.UTF_8), statusStream());

        assertThat(exit).isEqualTo(Simulate.CLEAN);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"idle\":true", "\"joined\":50", "\"exit\":0");
    }

    @Test
    void aRoomsHistoryPlayedBackOnJoiningIsNeitherADeliveryNorAStrangersLine(@TempDir Path data) throws Exception {
        start("--flood-rate", "0", "--data-dir", data.toString(), "--listen", "irc=127.0.0.1:0");
        for (String dialect : List.of("line", "irc")) {
            String port = Integer.toString(server.address(dialect).getPort());
            List<String> run = List.of("--target", "127.0.0.1:" + port, "--dialect", dialect, "--clients", "20",
                    "--senders", "2", "--rate", "20", "--warmup", "0.2", "--duration", "0.5");
            Simulate.report(SimOptions.parse(run), statusStream()); // leaves the lobby its history

            Report again = Simulate.report(SimOptions.parse(run), statusStream());

            assertThat(again.problems()).as(dialect).isEmpty();
            assertThat(again.foreign() + again.duplicated() + again.reordered() + again.lost()).as(dialect).isZero();
            assertThat(again.delivered()).as(dialect + ": the second run's own messages, and nothing played back")
                    .isEqualTo(again.sent() * again.recipients());
        }
    }

    @Test
    void nothingListeningIsAFailedSetupNotAHang() throws Exception {
        start();
        String closedPort = target();
        server.shutdown();
        assertThat(server.awaitStop(10, TimeUnit.SECONDS)).isTrue();
        server = null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Simulate.run(List.of("--target", closedPort, "--clients", "3", "--senders", "1"),
                new PrintStream(out, true, StandardCharsets.UTF_8), statusStream());

        assertThat(exit).isEqualTo(Simulate.PROBLEMS);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("3 x connect failed: Connection refused");
    }

    private void start(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listen", "line=127.0.0.1:0", "--log-level", "warn",
                "--data-dir", TestServer.DATA_DIR.toString()));
        args.addAll(List.of(options));
        server = Server.bind(Config.parse(args), Clock.systemDefaultZone());
        Thread loop = new Thread(server::run, "server-under-test");
        loop.setDaemon(true);
        loop.start();
    }

    private String target() {
        return "127.0.0.1:" + server.address("line").getPort();
    }

    private PrintStream statusStream() {
        return new PrintStream(status, true, StandardCharsets.UTF_8);
    }
}
