package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.ClientSocket;
import reactorchat.testing.ServerExtension;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/**
 * IRC users see each other's cloaks, never addresses: in hostmasks, WHO and WHOIS. A server
 * operator, and the user themself, see the real address in WHOIS (378). Bans hold on the cloak,
 * and on the real address only when a server operator set them.
 */
class IrcCloakTest {
    private static final String CLOAK = TestServer.LOOPBACK_CLOAK;

    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0", "--irc-oper", "admin:s3cret");

    @TempDir
    Path dir;

    @Test
    void aUserSeesTheCloakOfOthersAndOfThemselvesNeverTheAddress() throws Exception {
        String chan = "#" + TestServer.unique("veiled");
        try (TextClient alice = server.registered("calice"); TextClient bob = server.registered("cbob")) {
            assertThat(CLOAK).matches("c-[0-9a-f]{12}\\.ip");
            alice.send("JOIN " + chan);
            assertThat(alice.expectFind(" JOIN ")).isEqualTo(":calice!calice@" + CLOAK + " JOIN " + chan);
            alice.skipUntil(Expected.find(" 366 "));
            bob.send("JOIN " + chan);
            alice.expectFind(":cbob!cbob@" + CLOAK + " JOIN " + chan);
            bob.skipUntil(Expected.find(" 366 "));
            bob.send("PRIVMSG " + chan + " :hello", "WHOIS calice", "WHO " + chan);
            assertThat(alice.expectFind(" PRIVMSG ")).isEqualTo(":cbob!cbob@" + CLOAK + " PRIVMSG " + chan + " :hello");
            List<String> whois = bob.linesThrough(Expected.find(" 318 "));
            assertThat(whois).contains(":reactor-chat 311 cbob calice calice " + CLOAK + " * :Real calice");
            List<String> who = bob.linesThrough(Expected.find(" 315 "));
            assertThat(who).anyMatch(line -> line.contains(" 352 cbob " + chan + " calice " + CLOAK + " reactor-chat "));
            assertThat(String.join("\n", whois) + String.join("\n", who)).doesNotContain("127.0.0.1");
            alice.send("WHOIS calice");
            assertThat(alice.linesThrough(Expected.find(" 318 ")))
                    .contains(":reactor-chat 378 calice calice :is connecting from *@127.0.0.1 127.0.0.1");
        }
    }

    @Test
    void anOperatorSeesTheRealAddressInWhois() throws Exception {
        try (TextClient op = server.registered("cop"); TextClient target = server.registered("ctarget")) {
            op.send("OPER admin s3cret");
            op.skipUntil(Expected.find(" 381 "));
            op.send("WHOIS ctarget");
            List<String> whois = op.linesThrough(Expected.find(" 318 "));
            assertThat(whois).contains(":reactor-chat 311 cop ctarget ctarget " + CLOAK + " * :Real ctarget",
                    ":reactor-chat 378 cop ctarget :is connecting from *@127.0.0.1 127.0.0.1");
        }
    }

    @Test
    void aBanOnTheCloakKeepsTheUserOut() throws Exception {
        assertThat(joinAfterBan(false, "*!*@" + CLOAK)).endsWith(" :Cannot join channel (+b)");
    }

    @Test
    void aChannelOperatorsBanOnTheRealAddressDoesNotMatch() throws Exception {
        assertThat(joinAfterBan(false, "*!*@127.*")).contains(" JOIN ");
        assertThat(joinAfterBan(false, "*!*@1*")).contains(" JOIN ");
    }

    @Test
    void aServerOperatorsBanOnTheRealAddressKeepsTheUserOut() throws Exception {
        assertThat(joinAfterBan(true, "*!*@127.*")).endsWith(" :Cannot join channel (+b)");
    }

    @Test
    void anIpv6AddressIsShownCompressedAndAnOperatorsBanOnItHolds() throws Exception {
        Assumptions.assumeTrue(ClientSocket.hasIpv6Loopback(), "no IPv6 loopback here; AddressTextTest covers the form");
        try (TestServer six = TestServer.start("--listen", "irc=[::1]:0", "--irc-oper", "admin:s3cret");
             TextClient op = six.registered("sixop"); TextClient out = six.registered("sixout")) {
            out.send("WHOIS sixout");
            assertThat(out.linesThrough(Expected.find(" 318 ")))
                    .contains(":reactor-chat 378 sixout sixout :is connecting from *@::1 ::1");
            op.send("OPER admin s3cret", "JOIN #six");
            op.skipUntil(Expected.find(" 366 "));
            op.send("MODE #six +b *!*@::1");
            op.skipUntil(Expected.find(" MODE #six \\+b "));
            out.send("JOIN #six");
            assertThat(out.skipUntil(Expected.find(" 474 "))).endsWith("#six :Cannot join channel (+b)");
        }
    }

    /** One user bans {@code mask} in a new channel, another tries to join: the answer they get. */
    private static String joinAfterBan(boolean asServerOperator, String mask) throws Exception {
        String chan = "#" + TestServer.unique("banned");
        try (TextClient op = server.registered(TestServer.unique("cbanner"));
             TextClient out = server.registered(TestServer.unique("cout"))) {
            if (asServerOperator) {
                op.send("OPER admin s3cret");
                op.skipUntil(Expected.find(" 381 "));
            }
            op.send("JOIN " + chan);
            op.skipUntil(Expected.find(" 366 "));
            op.send("MODE " + chan + " +b " + mask);
            op.skipUntil(Expected.find(" MODE " + chan + " \\+b "));
            out.send("JOIN " + chan);
            return out.skipUntil(Expected.find(" 474 | JOIN " + chan));
        }
    }

    @Test
    void theDefaultKeyIsMadeOnFirstStartForTheOwnerAloneAndKept() throws Exception {
        Path data = dir.resolve("data");
        Path key = data.resolve("cloak.key");
        String first;
        try (TestServer fresh = TestServer.start("--listen", "irc=127.0.0.1:0", "--data-dir", data.toString(),
                "--cloak-secret-file", key.toString())) {
            first = ownCloak(fresh);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(first).matches("c-[0-9a-f]{12}\\.ip").isNotEqualTo(CLOAK);
        try (TestServer again = TestServer.start("--listen", "irc=127.0.0.1:0", "--data-dir", data.toString(),
                "--cloak-secret-file", key.toString())) {
            assertThat(ownCloak(again)).as("the same after a restart").isEqualTo(first);
        }
    }

    private static String ownCloak(TestServer server) throws Exception {
        try (TextClient client = server.registered("self")) {
            client.send("WHOIS self");
            String line = client.skipUntil(Expected.find(" 311 "));
            return line.split(" ")[5];
        }
    }
}
