package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.protocol.irc.IrcServerFixture.unique;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registration deadline (against slowloris: a client that trickles bytes), with --irc-register-timeout 1. */
class IrcRegisterTimeoutTest {
    private static IrcServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = new IrcServerFixture("--irc-register-timeout", "1");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aSilentUnregisteredClientIsToldAndClosed() throws Exception {
        TextClient client = server.irc();
        long start = System.nanoTime();
        assertThat(client.expect("^ERROR")).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Registration timed out)");
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
        assertThat(client.expect("^ERROR")).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Registration timed out)");
        client.expectClosed();
    }

    @Test
    void aClientThatKeepsPingingButNeverRegistersIsClosedToo() throws Exception {
        TextClient client = server.irc().send("CAP LS 302");
        client.expect(" CAP \\* LS ");
        client.send("PING :a");
        client.expect("PONG");
        Thread.sleep(400);
        client.send("PING :b");
        client.expect("PONG");
        assertThat(client.expect("^ERROR")).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Registration timed out)");
        client.expectClosed();
    }

    @Test
    void aClientThatRegisteredInTimeStays() throws Exception {
        String nick = unique("intime");
        TextClient client = server.registered(nick);
        Thread.sleep(1_500);
        client.send("PING :still").expect("PONG .*still");
    }
}
