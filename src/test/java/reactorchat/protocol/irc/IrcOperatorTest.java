package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server operators from {@code --irc-oper}: OPER, user mode o, KILL (of IRC and line users), WALLOPS. */
class IrcOperatorTest {
    private static IrcServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = new IrcServerFixture("--irc-oper", "admin:s3cret");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void operNeedsAKnownNameAndItsPassword() throws Exception {
        TextClient client = server.registered("wannabe");
        client.send("OPER nobody s3cret");
        assertThat(client.expect(" 491 ")).isEqualTo(":reactor-chat 491 wannabe :No O-lines for your host");
        client.send("OPER admin wrong");
        client.expect(" 464 wannabe :Password incorrect");
        client.send("OPER admin");
        client.expect(" 461 wannabe OPER ");
        client.send("KILL wannabe :me");
        assertThat(client.expect(" 481 ")).isEqualTo(
                ":reactor-chat 481 wannabe :Permission Denied- You're not an IRC operator");
        client.send("WALLOPS :hello");
        client.expect(" 481 ");
        client.send("OPER admin s3cret");
        assertThat(client.expect(" MODE ")).isEqualTo(":wannabe!wannabe@127.0.0.1 MODE wannabe :+o");
        client.expect(" 381 wannabe :You are now an IRC operator");
        client.send("MODE wannabe");
        client.expect(" 221 wannabe \\+o");
        client.send("LUSERS");
        client.expect(" 252 wannabe [1-9]\\d* :operator\\(s\\) online");
        TextClient other = server.registered("curious").send("WHOIS wannabe");
        assertThat(other.linesUntil(" 318 ")).contains(":reactor-chat 313 curious wannabe :is an IRC operator");
        other.send("WHO wannabe");
        other.expect(" 352 curious \\* wannabe 127.0.0.1 reactor-chat wannabe H\\* ");
        client.send("MODE wannabe -o+o");
        client.expect(" MODE wannabe :-o");
        client.send("MODE wannabe");
        client.expect(" 221 wannabe \\+$");
    }

    @Test
    void killDisconnectsIrcAndLineUsersAndTellsTheirChannels() throws Exception {
        TextClient op = server.registered("killer").send("OPER admin s3cret", "JOIN #lobby");
        op.expect(" 366 killer #lobby ");
        TextClient line = server.line("linevictim");
        op.expect(" NICK :linevictim"); // it joined as guest-N, then renamed
        TextClient irc = server.registered("ircvictim").send("JOIN #lobby");
        irc.expect(" 366 ");
        op.expect("ircvictim!\\S+ JOIN #lobby");
        op.send("KILL linevictim :spamming");
        line.expect("^! disconnected by killer \\(spamming\\), closing$");
        line.expectClosed();
        assertThat(op.expect(" QUIT ")).isEqualTo(":linevictim!guest@127.0.0.1 QUIT :Killed (killer (spamming))");
        op.send("KILL ircvictim");
        assertThat(irc.expect("^ERROR")).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Killed (killer (killer)))");
        irc.expectClosed();
        op.expect(":ircvictim!\\S+ QUIT :Killed \\(killer \\(killer\\)\\)");
        op.send("KILL nobody");
        op.expect(" 401 killer nobody ");
    }

    @Test
    void wallopsReachOnlyUsersWithModeW() throws Exception {
        TextClient op = server.registered("walloper").send("OPER admin s3cret", "MODE walloper +w");
        op.expect(" MODE walloper :\\+w");
        TextClient listener = server.registered("listener").send("MODE listener +w");
        listener.expect(" MODE listener :\\+w");
        TextClient deaf = server.registered("deaf");
        op.send("WALLOPS :server restarts soon");
        assertThat(listener.expect("WALLOPS")).isEqualTo(":walloper!walloper@127.0.0.1 WALLOPS :server restarts soon");
        op.expect("WALLOPS :server restarts soon");
        deaf.send("PING :sync");
        assertThat(deaf.linesUntil("PONG")).isEmpty();
        deaf.send("INFO");
        List<String> info = deaf.expectAll(" 374 deaf :End of INFO list");
        assertThat(info.subList(1, info.size())).isNotEmpty().allMatch(line -> line.contains(" 371 deaf :"));
    }

    @Test
    void operAndKillAreLoggedForAuditButNeverAPassword() throws Exception {
        PrintStream original = System.out;
        LogLines log = new LogLines(original);
        System.setOut(log);
        try {
            TextClient client = server.registered("auditee");
            client.send("OPER nosuch s3cret", "OPER admin wrongpass", "OPER admin s3cret");
            client.expect(" 381 ");
            server.line("auditvictim");
            client.send("KILL auditvictim :enough");
            log.await("KILL: auditee!auditee@127.0.0.1 (operator admin) killed auditvictim!guest@127.0.0.1 (enough)");
            assertThat(log.text()).contains(
                    "OPER refused: auditee!auditee@127.0.0.1 has no login nosuch",
                    "OPER refused: auditee!auditee@127.0.0.1 gave a wrong password for admin",
                    "OPER: auditee!auditee@127.0.0.1 is a server operator as admin")
                    .doesNotContain("s3cret").doesNotContain("wrongpass");
        } finally {
            System.setOut(original);
        }
    }

    /** Standard output as the log writes it, kept for a test that waits, with a deadline, for a line. */
    private static final class LogLines extends PrintStream {
        private final StringBuilder text = new StringBuilder();

        LogLines(PrintStream through) {
            super(through, true, StandardCharsets.UTF_8);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            super.write(bytes, offset, length);
            text.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
            notifyAll();
        }

        synchronized String text() {
            return text.toString();
        }

        synchronized void await(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (text.indexOf(expected) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("never logged '" + expected + "'; logged: " + text);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
