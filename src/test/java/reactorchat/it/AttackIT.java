package reactorchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import reactorchat.sim.Simulate;
import reactorchat.testing.JarProcess;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/**
 * No client can take the daemon down or shut other users out: each {@code simulate --attack}
 * against the packaged jar under the systemd unit's JVM flags, at a scale that fits two cores
 * and is still enough to exhaust a 64 MiB heap where memory is not bounded in total. Each run
 * passes only if the daemon is alive afterwards, the simulator's probe user kept a round trip
 * under a second and was not cut, a new user was answered after the attack, and (for the burst)
 * no reader was cut and no line lost; then a user of this test must still chat.
 */
class AttackIT {
    private static final List<String> UNIT_JVM = List.of("-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1",
            "-Xms16m", "-Xmx64m", "-Xss512k");

    @Test
    void framesDeclaredButNeverSentDoNotExhaustTheHeap() throws Exception {
        attack(List.of(), "--attack", "frame-prefix", "--connections", "500", "--frame-length", "131072",
                "--duration", "4");
    }

    @Test
    void inputHeldForPausedConnectionsDoesNotExhaustTheHeap() throws Exception {
        attack(List.of(), "--attack", "held-input", "--connections", "1000", "--duration", "4");
    }

    @Test
    void inputHeldForConnectionsThatClosedDoesNotExhaustTheHeap() throws Exception {
        attack(List.of(), "--attack", "held-input", "--close-after-send", "--connections", "1000", "--duration", "4");
    }

    /**
     * Filling every list at the default 10 lines a second takes minutes, so the daemon here allows
     * 250 and each user sends 200: still within flood control, the state of a longer run in seconds.
     */
    @Test
    void chatStateWithinEachUsersCapsDoesNotExhaustTheHeap() throws Exception {
        attack(List.of("--flood-rate", "250", "--flood-burst", "250"), "--attack", "chat-state",
                "--connections", "100", "--rate", "200", "--duration", "6");
    }

    @Test
    void aBurstWithinFloodControlCutsNoReaderAndLosesNoLine() throws Exception {
        attack(List.of(), "--attack", "burst", "--readers", "300", "--duration", "6");
    }

    @Test
    void allAttacksAtOnce() throws Exception {
        attack(List.of(), "--attack", "mix", "--connections", "800", "--duration", "6");
    }

    /** Starts the daemon with every listener on a free port, runs the attack at it, and checks the outcome. */
    private static void attack(List<String> daemonFlags, String... attackArgs) throws Exception {
        List<String> daemonArgs = new ArrayList<>(List.of("--listen", "line=127.0.0.1:0", "--listen", "irc=127.0.0.1:0",
                "--listen", "frame=127.0.0.1:0", "--listen", "http=127.0.0.1:0"));
        daemonArgs.addAll(daemonFlags);
        try (JarProcess daemon = JarProcess.start(UNIT_JVM, daemonArgs.toArray(new String[0]))) {
            InetSocketAddress line = daemon.awaitListening("line");
            List<String> args = new ArrayList<>(List.of(attackArgs));
            args.addAll(List.of("--line", hostPort(line), "--irc", hostPort(daemon.awaitListening("irc")),
                    "--frame", hostPort(daemon.awaitListening("frame")),
                    "--metrics", hostPort(daemon.awaitListening("http")), "--after", "1"));
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            ByteArrayOutputStream status = new ByteArrayOutputStream();
            int exit = Simulate.run(args, new PrintStream(report, true, StandardCharsets.UTF_8),
                    new PrintStream(status, true, StandardCharsets.UTF_8));
            String text = report.toString(StandardCharsets.UTF_8);
            System.out.print(text); // the figures, for the build log

            String context = "simulate " + String.join(" ", attackArgs) + "\n" + text + status.toString(StandardCharsets.UTF_8)
                    + "daemon stderr:\n" + tail(daemon.stderr());
            assertThat(isAlive(daemon)).as("daemon alive after the attack\n" + context).isTrue();
            assertThat(exit).as("simulate's exit status\n" + context).isZero();
            assertThat(roundTripMillis(line)).as("a new user's round trip after the attack, ms\n" + context)
                    .isLessThan(1000);
        }
    }

    /** A user who connects, joins a room and says a line, timed from saying it to hearing it back. */
    private static long roundTripMillis(InetSocketAddress line) throws Exception {
        try (TextClient user = TextClient.connect(line)) {
            user.expectRegex("\\* welcome .*");
            user.send("/join after-the-attack");
            user.skipUntil(Expected.regex("\\* you are now in after-the-attack.*"));
            long sent = System.nanoTime();
            user.send("still here");
            user.skipUntil(Expected.regex("\\d\\d:\\d\\d:\\d\\d <[^>]+> still here"));
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        }
    }

    private static boolean isAlive(JarProcess daemon) {
        return ProcessHandle.of(daemon.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    private static String tail(String text) {
        return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
    }
}
