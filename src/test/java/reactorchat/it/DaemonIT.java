package reactorchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import reactorchat.testing.JarProcess;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** The packaged jar as an operator meets it: start, chat, SIGTERM, and the mistakes they can make. */
class DaemonIT {
    @Test
    void sigtermTellsEveryoneFlushesAndExitsZero() throws Exception {
        try (JarProcess daemon = JarProcess.start(List.of(), "--listen", "line=127.0.0.1:0")) {
            InetSocketAddress address = daemon.awaitListening("line");
            try (TextClient alice = TextClient.connect(address); TextClient bob = TextClient.connect(address)) {
                alice.expectRegex("\\* welcome .*");
                bob.expectRegex("\\* welcome .*");
                alice.send("hi before the end");
                bob.skipUntil(Expected.regex("\\d\\d:\\d\\d:\\d\\d <guest-1> hi before the end"));

                daemon.terminate();

                assertThat(alice.expectClosed()).endsWith("* server shutting down");
                assertThat(bob.expectClosed()).endsWith("* server shutting down");
            }
            assertThat(daemon.awaitExit()).isZero();
            assertThat(daemon.output()).anyMatch(line -> line.matches(".*INFO .*stopped after \\d+ s: 2 connections served"));
        }
    }

    @Test
    void logsAOneLineSummaryAtTheStatsInterval() throws Exception {
        try (JarProcess daemon = JarProcess.start(List.of(), "--listen", "line=127.0.0.1:0", "--stats-interval", "1")) {
            InetSocketAddress address = daemon.awaitListening("line");
            try (TextClient alice = TextClient.connect(address)) {
                alice.expectRegex("\\* welcome .*");
                alice.send("one message");
                alice.skipUntil(Expected.regex(".*<guest-1> one message"));
                // two deliveries: the user's own join event, then the message
                daemon.awaitOutput("stats: 1 connections, 1 users in 1 rooms, 1 messages, 2 deliveries");
            }
        }
    }

    @Test
    void underSystemdEachLineCarriesItsSyslogPriorityAndNoTimeStamp() throws Exception {
        try (JarProcess daemon = JarProcess.startWithEnvironment(Map.of("JOURNAL_STREAM", "8:4242"),
                "--listen", "line=127.0.0.1:0")) {
            daemon.awaitOutput("<6>reactor-chat ");
            assertThat(daemon.output()).first().asString().matches("<6>reactor-chat \\S+ started \\(pid \\d+\\), listening: .*");
            daemon.terminate();
            assertThat(daemon.awaitExit()).isZero();
            assertThat(daemon.output()).allMatch(line -> line.matches("<[3467]>[^<].*"));
        }
    }

    @Test
    void aPortInUseIsOneLineAndStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             JarProcess daemon = JarProcess.start(List.of(), "--listen", "line=127.0.0.1:" + taken.getLocalPort())) {
            assertThat(daemon.awaitExit()).isEqualTo(1);
            assertThat(daemon.stderr().lines()).singleElement().asString()
                    .startsWith("reactor-chat: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " for line:");
        }
    }

    @Test
    void aBadFlagIsOneLineAndStatusTwo() throws Exception {
        try (JarProcess daemon = JarProcess.start(List.of(), "--idle-timeout", "soon")) {
            assertThat(daemon.awaitExit()).isEqualTo(2);
            assertThat(daemon.stderr()).isEqualTo("reactor-chat: idle-timeout must be a whole number, got 'soon'\n");
        }
    }

    @Test
    void versionAndHelp() throws Exception {
        try (JarProcess daemon = JarProcess.start(List.of(), "--version")) {
            assertThat(daemon.awaitExit()).isZero();
            assertThat(daemon.output()).singleElement().asString().matches("reactor-chat \\d+\\.\\d+\\.\\d+.*");
        }
        try (JarProcess daemon = JarProcess.start(List.of(), "--help")) {
            assertThat(daemon.awaitExit()).isZero();
            assertThat(daemon.output()).anyMatch(line -> line.contains("--max-outbound"));
        }
    }
}
