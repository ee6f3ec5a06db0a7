package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.ServerExtension;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** Registration over a real socket: NICK, USER, PASS, CAP, the welcome burst, and the errors on the way. */
class IrcRegistrationTest {
    /** How every test user, all on 127.0.0.1, is shown to IRC users: a cloak, not the address. */
    private static final String HOST = TestServer.LOOPBACK_CLOAK;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0");

    @Test
    void nickAndUserGetTheWelcomeBurstWithIsupportLusersAndNoMotd() throws Exception {
        String nick = unique("reg");
        TextClient client = server.irc().send("NICK " + nick, "USER u 0 * :Real Name");
        assertThat(client.expectFind(" 001 ")).startsWith(":reactor-chat 001 " + nick + " :Welcome")
                .endsWith(nick + "!u@" + HOST);
        List<String> burst = client.linesUntil(Expected.find(" 422 " + nick + " :MOTD File is missing"));
        assertThat(String.join("\n", burst)).contains(" 002 ", " 003 ", " 004 " + nick + " reactor-chat ",
                "CASEMAPPING=rfc1459", "CHANTYPES=#", "CHANNELLEN=33", "NICKLEN=32", "PREFIX=(ov)@+",
                "NETWORK=reactor-chat", "CHANMODES=beI,k,l,Cimnst", "EXCEPTS=e", "INVEX=I", "MAXLIST=beI:100", " 251 ", " 254 ", " 255 ");
    }

    @Test
    void userThenNickRegistersToo() throws Exception {
        String nick = unique("rev");
        server.irc().send("USER u 0 * :r", "NICK " + nick).expectFind(" 001 " + nick);
    }

    @Test
    void capLs302HoldsRegistrationUntilCapEnd() throws Exception {
        String nick = unique("cap");
        TextClient client = server.irc().send("CAP LS 302", "NICK " + nick, "USER u 0 * :r");
        assertThat(client.expectFind(" CAP ")).isEqualTo(":reactor-chat CAP * LS :away-notify batch cap-notify draft/chathistory echo-message"
                + " extended-join extended-monitor invite-notify labeled-response message-tags multi-prefix server-time"
                + " setname userhost-in-names");
        client.send("CAP REQ :multi-prefix sasl");
        assertThat(client.expectFind(" CAP ")).isEqualTo(":reactor-chat CAP " + nick + " NAK :multi-prefix sasl");
        client.send("CAP REQ :multi-prefix");
        assertThat(client.expectFind(" CAP ")).isEqualTo(":reactor-chat CAP " + nick + " ACK :multi-prefix");
        client.send("CAP LIST");
        // 302 turns cap-notify on without a REQ (capability-negotiation).
        assertThat(client.expectFind(" CAP ")).isEqualTo(":reactor-chat CAP " + nick + " LIST :cap-notify multi-prefix");
        client.send("CAP REQ :-multi-prefix");
        client.expectFind(" CAP " + nick + " ACK :-multi-prefix");
        client.send("CAP LIST");
        assertThat(client.expectFind(" CAP ")).isEqualTo(":reactor-chat CAP " + nick + " LIST :cap-notify");
        client.send("CAP BOGUS");
        assertThat(client.expectFind(" 410 ")).contains("BOGUS");
        List<String> beforeEnd = client.send("PING :probe").linesUntil(Expected.find("PONG"));
        assertThat(beforeEnd).noneMatch(line -> line.contains(" 001 "));
        client.send("CAP END").expectFind(" 001 " + nick);
    }

    @Test
    void commandsBeforeRegistrationGet451AndUnknownOnes421() throws Exception {
        TextClient client = server.irc().send("JOIN #x");
        assertThat(client.expectFind(" 451 ")).isEqualTo(":reactor-chat 451 * :You have not registered");
        client.send("FROB");
        assertThat(client.expectFind(" 421 ")).isEqualTo(":reactor-chat 421 * FROB :Unknown command");
    }

    @Test
    void nickErrors() throws Exception {
        String taken = unique("taken");
        server.registered(taken);
        TextClient client = server.irc().send("NICK");
        assertThat(client.expectFind(" 431 ")).isEqualTo(":reactor-chat 431 * :No nickname given");
        client.send("NICK 9lives");
        assertThat(client.expectFind(" 432 ")).isEqualTo(":reactor-chat 432 * 9lives :Erroneous nickname");
        client.send("NICK bad!nick");
        client.expectFind(" 432 \\* bad!nick ");
        client.send("NICK " + taken.toUpperCase());
        assertThat(client.expectFind(" 433 ")).isEqualTo(":reactor-chat 433 * " + taken.toUpperCase()
                + " :Nickname is already in use");
        client.send("USER u 0 *");
        assertThat(client.expectFind(" 461 ")).isEqualTo(":reactor-chat 461 * USER :Not enough parameters");
        client.send("USER u 0 * :");
        client.expectFind(" 461 \\* USER ");
    }

    @Test
    void registeredClientsCannotRegisterAgain() throws Exception {
        String nick = unique("again");
        TextClient client = server.registered(nick);
        client.send("USER u 0 * :r");
        assertThat(client.expectFind(" 462 ")).isEqualTo(":reactor-chat 462 " + nick + " :You may not reregister");
        client.send("PASS secret").expectFind(" 462 ");
    }

    @Test
    void pingIsAnsweredAndNeedsAnOrigin() throws Exception {
        TextClient client = server.irc().send("PING :hello");
        assertThat(client.expectFind("PONG")).isEqualTo(":reactor-chat PONG reactor-chat :hello");
        client.send("PING");
        assertThat(client.expectFind(" 409 ")).isEqualTo(":reactor-chat 409 * :No origin specified");
    }

    @Test
    void quitBeforeRegistrationClosesWithError() throws Exception {
        TextClient client = server.irc().send("QUIT :bye");
        assertThat(client.expectFind("^ERROR")).startsWith("ERROR :Closing Link: 127.0.0.1 (Quit: bye)");
        client.expectClosed();
    }

    /** --password is the one server password; an irc client gives it with PASS, as with --irc-password. */
    @Test
    void theServerPasswordIsAskedOfIrcClientsWithPass() throws Exception {
        try (TestServer locked = TestServer.start("--listen", "irc=127.0.0.1:0", "--password", "s3cret")) {
            TextClient missing = locked.irc().send("NICK missing", "USER u 0 * :r");
            missing.expectFind(" 464 ");
            missing.expectClosed();
            locked.irc().send("PASS s3cret", "NICK right", "USER u 0 * :r").expectFind(" 001 right ");
        }
    }

    @Test
    void passwordMotdAndServerNameOptions(@TempDir Path dir) throws Exception {
        Path motd = Files.writeString(dir.resolve("motd.txt"), "Hello there\nSecond line\n");
        try (TestServer locked = TestServer.start("--listen", "irc=127.0.0.1:0", "--irc-password", "s3cret", "--motd", motd.toString(),
                "--irc-server-name", "My.Little.Server")) {
            TextClient wrong = locked.irc().send("PASS nope", "NICK wrong", "USER u 0 * :r");
            assertThat(wrong.expectFind(" 464 ")).isEqualTo(":My.Little.Server 464 wrong :Password incorrect");
            wrong.expectFind("^ERROR :Closing Link");
            wrong.expectClosed();
            TextClient missing = locked.irc().send("NICK missing", "USER u 0 * :r");
            missing.expectFind(" 464 ");
            TextClient right = locked.irc().send("PASS s3cret", "NICK right", "USER u 0 * :r");
            List<String> burst = right.linesUntil(Expected.find(" 376 right :End of /MOTD command."));
            assertThat(burst).contains(":My.Little.Server 375 right :- My.Little.Server Message of the day - ",
                    ":My.Little.Server 372 right :- Hello there", ":My.Little.Server 372 right :- Second line");
            right.send("MOTD").skipUntil(Expected.find(" 372 right :- Hello there"));
            right.send("PING :x");
            assertThat(right.skipUntil(Expected.find("PONG"))).isEqualTo(":My.Little.Server PONG My.Little.Server :x");
        }
    }

    @Test
    void anOverlongLineGets417AndIsDiscardedWhileTheSessionGoesOn() throws Exception {
        String nick = unique("long");
        TextClient client = server.registered(nick);
        client.send("PRIVMSG " + nick + " :" + "x".repeat(600));
        assertThat(client.expectFind(" 417 ")).isEqualTo(":reactor-chat 417 " + nick + " :Input line was too long");
        client.send("PING :still").expectFind("PONG reactor-chat :still");
        String exact = "PRIVMSG " + nick + " :";
        client.send(exact + "y".repeat(510 - exact.length()));
        assertThat(client.expectFind("PRIVMSG")).endsWith("y".repeat(100));
    }
}
