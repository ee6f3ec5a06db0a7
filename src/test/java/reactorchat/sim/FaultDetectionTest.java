package reactorchat.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulator must be able to fail: each faulty server's one fault shows up in the report. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FaultDetectionTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void oneDroppedMessageIsCountedAsLost() throws Exception {
        try (FakeLineServer server = new FakeLineServer(FakeLineServer.Fault.DROP_ONE)) {
            int exit = simulate(server, "--json");

            assertThat(exit).isEqualTo(Simulate.PROBLEMS);
            assertThat(output()).contains("\"lost\":1,", "\"duplicated\":0,", "\"reordered\":0,");
        }
    }

    @Test
    void oneMessageHeldBackIsCountedAsReorderedNotLost() throws Exception {
        try (FakeLineServer server = new FakeLineServer(FakeLineServer.Fault.REORDER_ONE)) {
            int exit = simulate(server, "--json");

            assertThat(exit).isEqualTo(Simulate.PROBLEMS);
            assertThat(output()).contains("\"lost\":0,", "\"reordered\":1,", "\"duplicated\":0,");
        }
    }

    @Test
    void aRelayThatStopsLosesTheRestWhichIsNotLate() throws Exception {
        try (FakeLineServer server = new FakeLineServer(FakeLineServer.Fault.STOP_AFTER_TEN)) {
            Report report = Simulate.report(options(server), new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(report.late()).as("nothing came after the drain").isZero();
            assertThat(report.lost()).as("every message after the tenth, to every receiver")
                    .isEqualTo((report.sent() - 10) * report.recipients());
            assertThat(report.problems()).singleElement().asString().endsWith(" lost");
        }
    }

    @Test
    void onTwoThreadsWhatTheRelayNeverSentIsLostToTheReceiversOfBoth() throws Exception {
        try (FakeLineServer server = new FakeLineServer(FakeLineServer.Fault.STOP_AFTER_TEN)) {
            List<String> args = new java.util.ArrayList<>(arguments(server));
            args.addAll(List.of("--threads", "2"));
            Report report = Simulate.report(SimOptions.parse(args), new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(report.late()).as("nothing came after the drain").isZero();
            assertThat(report.lost()).as("each thread's sender's messages after the tenth, to all 3 receivers")
                    .isEqualTo((report.sent() - 10) * 3);
            assertThat(report.problems()).singleElement().asString().endsWith(" lost");
        }
    }

    @Test
    void aStallShowsInTheLatencyBecauseTheScheduleKeepsGoing() throws Exception {
        try (FakeLineServer server = new FakeLineServer(FakeLineServer.Fault.STALL_ONCE)) {
            Report report = Simulate.report(options(server), new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(report.lost()).isZero();
            assertThat(report.latency("max")).isGreaterThanOrEqualTo(
                    TimeUnit.MILLISECONDS.toNanos(FakeLineServer.STALL_MILLIS));
            assertThat(report.table()).contains("result      clean");
        }
    }

    private int simulate(FakeLineServer server, String... extra) {
        List<String> args = new java.util.ArrayList<>(arguments(server));
        args.addAll(List.of(extra));
        return Simulate.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private SimOptions options(FakeLineServer server) {
        return SimOptions.parse(arguments(server));
    }

    /** Three clients, two senders at 50/s for a second: about 100 messages, the fifth one faulty. */
    private static List<String> arguments(FakeLineServer server) {
        return List.of("--target", "127.0.0.1:" + server.address().getPort(), "--clients", "3", "--senders", "2",
                "--rate", "50", "--warmup", "0", "--duration", "1", "--setup-timeout", "10");
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
