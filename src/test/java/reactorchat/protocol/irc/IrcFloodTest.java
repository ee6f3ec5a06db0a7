package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** Flood control's hard line for IRC clients, over real sockets. */
class IrcFloodTest {
    @Test
    void aClientOverItsBudgetPastTheHardLineGetsErrorExcessFloodAndIsClosed() throws Exception {
        try (TestServer server = TestServer.start("--listen", "irc=127.0.0.1:0", "--flood-rate", "100", "--flood-burst", "10",
                "--flood-timeout", "2")) {
            TextClient flooder = server.registered("flooder").send("JOIN #flood");
            flooder.skipUntil(Expected.find(" 366 flooder #flood "));
            TextClient witness = server.registered("witness").send("JOIN #flood");
            witness.skipUntil(Expected.find(" 366 witness #flood "));
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < 1000; i++) { // 10 s of lines at 100 a second, all at once
                flood.append("PRIVMSG #flood :f ").append(i).append("\r\n");
            }
            flooder.sendRaw(flood.toString().getBytes(StandardCharsets.UTF_8));

            assertThat(flooder.skipUntil(Expected.find("^ERROR "))).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Excess Flood)");
            flooder.expectClosed();

            int heard = 0;
            for (String line : witness.linesUntil(Expected.find("^:flooder!\\S+ QUIT :Excess Flood$"))) {
                if (line.contains(" PRIVMSG #flood :f ")) {
                    assertThat(line).endsWith(":f " + heard);
                    heard++;
                }
            }
            // Over from about the 11th line; 2 s at 100 a second later it is cut, not one line after.
            assertThat(heard).isBetween(200, 300);
            witness.send("PING :still").expectFind("PONG \\S+ :still");
        }
    }
}
