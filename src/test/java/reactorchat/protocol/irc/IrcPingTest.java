package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ServerExtension;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** The keep-alive, with a 1 s ping interval and a 1 s ping time-out; and flood control. */
class IrcPingTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0", "--irc-ping-interval", "1", "--irc-ping-timeout", "1");

    @Test
    void aSilentClientIsPingedThenDisconnectedAndItsChannelsAreTold() throws Exception {
        TextClient watcher = server.user("pingwatch");
        TextClient silent = server.registered("silent").send("JOIN #lobby");
        watcher.expectFind("^\\* silent joined$");
        assertThat(silent.skipUntil(Expected.find("^PING"))).isEqualTo("PING :reactor-chat");
        assertThat(silent.expectFind("^ERROR")).matches("ERROR :Closing Link: 127\\.0\\.0\\.1 \\(Ping timeout: \\d seconds\\)");
        silent.expectClosed();
        watcher.expectFind("^\\* silent quit \\(Ping timeout: \\d seconds\\)$");
    }

    @Test
    void aClientThatAnswersStays() throws Exception {
        TextClient alive = server.registered("alive");
        alive.expectFind("^PING :reactor-chat$");
        alive.send("PONG :reactor-chat");
        alive.expectFind("^PING :reactor-chat$");
        alive.send("PONG :reactor-chat");
        alive.expectFind("^PING :reactor-chat$");
        alive.send("PING :still-here");
        alive.expectFind("PONG reactor-chat :still-here");
    }

    @Test
    void aFloodingClientIsSlowedDownNotCut() throws Exception {
        try (TestServer slow = TestServer.start("--listen", "irc=127.0.0.1:0", "--flood-rate", "5", "--flood-burst", "2")) {
            TextClient flooder = slow.registered("flooder");
            long start = System.nanoTime();
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                burst.append("PING :n").append(i).append("\r\n");
            }
            flooder.sendRaw(burst.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (int i = 0; i < 10; i++) {
                flooder.expectFind("PONG reactor-chat :n" + i + "$");
            }
            // 8 lines past the burst of 2 at 5 per second: about 1.6 s, never dropped.
            assertThat(System.nanoTime() - start).isGreaterThan(1_000_000_000L);
        }
    }
}
