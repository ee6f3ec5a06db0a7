package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;

/** The registration deadline (against slowloris: a client that trickles bytes), with --irc-register-timeout 1. */
class IrcRegisterTimeoutTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0", "--irc-register-timeout", "1");

    @Test
    void aSilentUnregisteredClientIsToldAndClosed() throws Exception {
        TextClient client = server.irc();
        long start = System.nanoTime();
        assertThat(client.expectFind("^ERROR")).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Registration timed out)");
        client.expectClosed();
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(500L, 3_000L);
    }

    @Test
    void aClientTricklingAByteEvery200MillisecondsGetsNowhere() throws Exception {
        TextClient client = server.irc();
        byte[] lines = ("NICK " + unique("loris") + "\r\nUSER loris 0 * :never finished").getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        try {
            for (byte b : lines) { // ~7 s of bytes; each one is a read, none completes registration
                client.sendRaw(new byte[] {b});
                Thread.sleep(200);
                if (System.nanoTime() - start > 3_000_000_000L) {
                    break;
                }
            }
        } catch (IOException closed) {
            // the server closed the connection under us, which is the point
        }
        assertThat(client.expectFind("^ERROR")).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Registration timed out)");
        client.expectClosed();
    }

    @Test
    void aClientThatKeepsPingingButNeverRegistersIsClosedToo() throws Exception {
        TextClient client = server.irc().send("CAP LS 302");
        client.expectFind(" CAP \\* LS ");
        client.send("PING :a");
        client.expectFind("PONG");
        Thread.sleep(400);
        client.send("PING :b");
        client.expectFind("PONG");
        assertThat(client.expectFind("^ERROR")).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Registration timed out)");
        client.expectClosed();
    }

    @Test
    void aClientThatRegisteredInTimeStays() throws Exception {
        String nick = unique("intime");
        TextClient client = server.registered(nick);
        Thread.sleep(1_500);
        client.send("PING :still").expectFind("PONG .*still");
    }
}
