package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The keep-alive, with a 1 s ping interval and a 1 s ping time-out; and flood control. */
class IrcPingTest {
    private static IrcServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = new IrcServerFixture("--irc-ping-interval", "1", "--irc-ping-timeout", "1");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aSilentClientIsPingedThenDisconnectedAndItsChannelsAreTold() throws Exception {
        TextClient watcher = server.line("pingwatch");
        TextClient silent = server.registered("silent").send("JOIN #lobby");
        watcher.expect("^\\* silent joined$");
        assertThat(silent.expect("^PING")).isEqualTo("PING :reactor-chat");
        assertThat(silent.expect("^ERROR")).matches("ERROR :Closing Link: 127\\.0\\.0\\.1 \\(Ping timeout: \\d seconds\\)");
        silent.expectClosed();
        watcher.expect("^\\* silent quit \\(Ping timeout: \\d seconds\\)$");
    }

    @Test
    void aClientThatAnswersStays() throws Exception {
        TextClient alive = server.registered("alive");
        alive.expect("^PING :reactor-chat$");
        alive.send("PONG :reactor-chat");
        alive.expect("^PING :reactor-chat$");
        alive.send("PONG :reactor-chat");
        alive.expect("^PING :reactor-chat$");
        alive.send("PING :still-here");
        alive.expect("PONG reactor-chat :still-here");
    }

    @Test
    void aFloodingClientIsSlowedDownNotCut() throws Exception {
        try (IrcServerFixture slow = new IrcServerFixture("--flood-rate", "5", "--flood-burst", "2")) {
            TextClient flooder = slow.registered("flooder");
            long start = System.nanoTime();
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                burst.append("PING :n").append(i).append("\r\n");
            }
            flooder.sendRaw(burst.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (int i = 0; i < 10; i++) {
                flooder.expect("PONG reactor-chat :n" + i + "$");
            }
            // 8 lines past the burst of 2 at 5 per second: about 1.6 s, never dropped.
            assertThat(System.nanoTime() - start).isGreaterThan(1_000_000_000L);
        }
    }
}
