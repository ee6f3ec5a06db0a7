package reactorchat.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import reactorchat.testing.TestServer;

/** {@code simulate --attack} against reactor-chat in this JVM, small and short, over loopback. */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class AttackRunTest {
    private final ByteArrayOutputStream status = new ByteArrayOutputStream();

    @Test
    void everyReaderGetsEveryBurstLineAndTheProbeAnswers() throws Exception {
        try (TestServer server = TestServer.start()) {
            AttackReport report = run("--attack", "burst", "--line", hostPort(server.address("line")),
                    "--readers", "20", "--burst-lines", "5", "--line-length", "300", "--burst-every", "0.3",
                    "--duration", "3", "--after", "0.3");

            assertThat(report.problems()).isEmpty();
            assertThat(report.json()).contains("\"readers_in_room\":20", "\"readers_cut\":0", "\"lines_lost\":0",
                    "\"new_user_answered\":true").doesNotContain("\"bursts\":0");
            assertThat(report.table()).contains("result       clean");
            assertThat(status.toString(StandardCharsets.UTF_8)).contains("simulate burst", "probe worst");
        }
    }

    @Test
    void attackersTheServerCutsAreCountedAndAreNoProblem() throws Exception {
        try (TestServer server = TestServer.start("--listen", "frame=127.0.0.1:0", "--max-frame", "1024")) {
            AttackReport report = run("--attack", "frame-prefix", "--line", hostPort(server.address("line")),
                    "--frame", hostPort(server.address("frame")), "--connections", "30", "--frame-length", "5000",
                    "--duration", "1", "--after", "0.2");

            assertThat(report.json()).contains("\"frame_connections\":{\"size\":30,\"opened\":30,\"greeted\":30,"
                    + "\"failed\":0,\"cut\":30}");
            assertThat(report.table()).contains("  cut        30 x closed by the server");
            assertThat(report.problems()).isEmpty();
        }
    }

    @Test
    void chatStateUsersRegisterAndAreRefusedNothing() throws Exception {
        try (TestServer server = TestServer.start("--listen", "irc=127.0.0.1:0")) {
            AttackReport report = run("--attack", "chat-state", "--line", hostPort(server.address("line")),
                    "--irc", hostPort(server.address("irc")), "--connections", "10", "--rate", "100",
                    "--duration", "1", "--after", "0.2");

            assertThat(report.json()).contains("\"registered\":10", "\"refused\":0");
            assertThat(report.problems()).isEmpty();
        }
    }

    @Test
    void noServerIsAProbeThatCannotJoin() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        AttackReport report = run("--attack", "held-input", "--line", "127.0.0.1:" + port, "--duration", "1");

        assertThat(report.exitCode()).isEqualTo(Simulate.PROBLEMS);
        assertThat(report.problems()).singleElement().asString().startsWith("the probe could not join");
    }

    @Test
    void helpAndBadNamesGoThroughSimulate() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(Simulate.run(List.of("--attack", "--help"), print, print)).isEqualTo(Simulate.CLEAN);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("frame-prefix", "--close-after-send");
        out.reset();
        assertThat(Simulate.run(List.of("--attack", "teardrop"), print, print)).isEqualTo(Simulate.USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--attack must be one of frame-prefix, held-input");
    }

    @Test
    void aMixGivesEachAttackAQuarterOfTheConnections() {
        AttackOptions options = AttackOptions.parse(List.of("--attack=mix", "--connections", "400"));
        List<Integer> sizes = new ArrayList<>();
        for (Attack attack : options.kind().attacks(null, options)) {
            sizes.add(attack.crowds().get(0).size());
        }
        assertThat(sizes).containsExactly(100, 100, 100, 100);
    }

    @Test
    void everyChatStateLineFitsInAnIrcLine() {
        int steps = 1 + 2 * ChatStateAttack.CHANNELS + ChatStateAttack.CHANNELS * 3 * 25;
        for (int step = 0; step < steps; step++) {
            assertThat(ChatStateAttack.line(999_999, step).length()).as("step %d", step).isLessThanOrEqualTo(512);
        }
        assertThat(ChatStateAttack.line(7, steps - 1)).startsWith("MODE #cs7-49-").contains(" +IIII ");
    }

    private AttackReport run(String... args) throws Exception {
        return new AttackLoop(AttackOptions.parse(List.of(args)), new PrintStream(status, true, StandardCharsets.UTF_8))
                .run();
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
