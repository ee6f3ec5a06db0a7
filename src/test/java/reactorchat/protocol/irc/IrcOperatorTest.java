package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.LogLines;
import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;
import reactorchat.testing.TestServer;

/** Server operators from {@code --irc-oper}: OPER, user mode o, KILL (of IRC and line users), WALLOPS. */
class IrcOperatorTest {
    /** How every test user, all on 127.0.0.1, is shown to IRC users: a cloak, not the address. */
    private static final String HOST = TestServer.LOOPBACK_CLOAK;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0", "--irc-oper", "admin:s3cret");

    @Test
    void operNeedsAKnownNameAndItsPassword() throws Exception {
        TextClient client = server.registered("wannabe");
        client.send("OPER nobody s3cret");
        assertThat(client.expectFind(" 464 ")).as("an unknown login is answered as a wrong password")
                .isEqualTo(":reactor-chat 464 wannabe :Password incorrect");
        client.send("OPER admin wrong");
        client.expectFind(" 464 wannabe :Password incorrect");
        client.send("OPER admin");
        client.expectFind(" 461 wannabe OPER ");
        client.send("KILL wannabe :me");
        assertThat(client.expectFind(" 481 ")).isEqualTo(
                ":reactor-chat 481 wannabe :Permission Denied- You're not an IRC operator");
        client.send("WALLOPS :hello");
        client.expectFind(" 481 ");
        client.send("OPER admin s3cret");
        assertThat(client.expectFind(" MODE ")).isEqualTo(":wannabe!wannabe@" + HOST + " MODE wannabe :+o");
        client.expectFind(" 381 wannabe :You are now an IRC operator");
        client.send("MODE wannabe");
        client.expectFind(" 221 wannabe \\+o");
        client.send("LUSERS");
        client.skipUntil(Expected.find(" 252 wannabe [1-9]\\d* :operator\\(s\\) online"));
        TextClient other = server.registered("curious").send("WHOIS wannabe");
        assertThat(other.linesUntil(Expected.find(" 318 "))).contains(":reactor-chat 313 curious wannabe :is an IRC operator");
        other.send("WHO wannabe");
        other.expectFind(" 352 curious \\* wannabe " + HOST + " reactor-chat wannabe H\\* ");
        client.send("MODE wannabe -o+o");
        client.skipUntil(Expected.find(" MODE wannabe :-o"));
        client.send("MODE wannabe");
        client.expectFind(" 221 wannabe \\+$");
    }

    @Test
    void killDisconnectsIrcAndLineUsersAndTellsTheirChannels() throws Exception {
        TextClient op = server.registered("killer").send("OPER admin s3cret", "JOIN #lobby");
        op.skipUntil(Expected.find(" 366 killer #lobby "));
        TextClient line = server.user("linevictim");
        op.skipUntil(Expected.find(" NICK :linevictim")); // it joined as guest-N, then renamed
        TextClient irc = server.registered("ircvictim").send("JOIN #lobby");
        irc.skipUntil(Expected.find(" 366 "));
        op.expectFind("ircvictim!\\S+ JOIN #lobby");
        op.send("KILL linevictim :spamming");
        line.skipUntil(Expected.find("^! disconnected by killer \\(spamming\\), closing$"));
        line.expectClosed();
        assertThat(op.expectFind(" QUIT ")).isEqualTo(":linevictim!guest@" + HOST + " QUIT :Killed (killer (spamming))");
        op.send("KILL ircvictim");
        assertThat(irc.skipUntil(Expected.find("^ERROR"))).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Killed (killer (killer)))");
        irc.expectClosed();
        op.expectFind(":ircvictim!\\S+ QUIT :Killed \\(killer \\(killer\\)\\)");
        op.send("KILL nobody");
        op.expectFind(" 401 killer nobody ");
    }

    @Test
    void wallopsReachOnlyUsersWithModeW() throws Exception {
        TextClient op = server.registered("walloper").send("OPER admin s3cret", "MODE walloper +w");
        op.skipUntil(Expected.find(" MODE walloper :\\+w"));
        TextClient listener = server.registered("listener").send("MODE listener +w");
        listener.expectFind(" MODE listener :\\+w");
        TextClient deaf = server.registered("deaf");
        op.send("WALLOPS :server restarts soon");
        assertThat(listener.expectFind("WALLOPS")).isEqualTo(":walloper!walloper@" + HOST + " WALLOPS :server restarts soon");
        op.expectFind("WALLOPS :server restarts soon");
        deaf.send("PING :sync");
        assertThat(deaf.linesUntil(Expected.find("PONG"))).isEmpty();
        deaf.send("INFO");
        List<String> info = deaf.linesUntil(Expected.find(" 374 deaf :End of INFO list"));
        assertThat(info).isNotEmpty().allMatch(line -> line.contains(" 371 deaf :"));
    }

    @Test
    void operAndKillAreLoggedForAuditButNeverAPassword() throws Exception {
        PrintStream original = System.out;
        LogLines log = new LogLines(original);
        System.setOut(log);
        try {
            TextClient client = server.registered("auditee");
            // the arguments of the first swapped: its login is a password, which must not be logged
            client.send("OPER hunter2 admin", "OPER admin wrongpass", "OPER admin s3cret");
            client.skipUntil(Expected.find(" 381 "));
            server.user("auditvictim");
            client.send("KILL auditvictim :enough");
            log.await("KILL: auditee!auditee@127.0.0.1 (operator admin) killed auditvictim!guest@127.0.0.1 (enough)");
            assertThat(log.text()).contains(
                    "OPER refused: auditee!auditee@127.0.0.1 gave an unknown login",
                    "OPER refused: auditee!auditee@127.0.0.1 gave a wrong password for admin",
                    "OPER: auditee!auditee@127.0.0.1 is a server operator as admin")
                    .doesNotContain("s3cret").doesNotContain("wrongpass").doesNotContain("hunter2");
        } finally {
            System.setOut(original);
        }
    }
}
