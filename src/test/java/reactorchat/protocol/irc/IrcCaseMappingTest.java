package reactorchat.protocol.irc;

import static java.util.regex.Pattern.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;
import reactorchat.testing.FrameClient;
import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/**
 * The case mapping the irc dialect advertises (CASEMAPPING=rfc1459, in which {}|~ are the lower
 * case of []\^) is the one room names and nicks are told apart by, in every dialect.
 */
class IrcCaseMappingTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0", "--listen", "frame=127.0.0.1:0");

    @Test
    void theCaseMappingIsAdvertised() throws Exception {
        TextClient irc = server.irc().send("NICK " + unique("adv"), "USER adv 0 * :adv");
        irc.skipUntil(Expected.find(" 005 .* CASEMAPPING=rfc1459 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Foo\\ foo|", "Foo[ foo{", "F]|oo{ f}\\oo[", "Foo^ FOO~"})
    void channelsThatDifferOnlyInCaseAreOneChannel(String pair) throws Exception {
        String stem = unique("cm");
        String chan = "#" + stem + pair.split(" ")[0];
        String other = "#" + stem.toUpperCase() + pair.split(" ")[1];
        String foo = unique("foo");
        String bar = unique("bar") + "\\";
        TextClient a = server.registered(foo).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 " + foo + " " + quote(chan) + " "));
        TextClient b = server.registered(unique("b")).send("NICK " + bar);
        b.skipUntil(Expected.find(" NICK :?" + quote(bar) + "$"));

        b.send("JOIN " + other);
        // the joiner, and everyone after, is told the channel's name as it was made
        b.expectFind("^:" + quote(bar) + "!\\S+ JOIN " + quote(chan) + "$");
        List<String> names = b.linesThrough(Expected.find(" 366 " + quote(bar) + " " + quote(chan) + " "));
        assertThat(names).anyMatch(line -> line.endsWith(" 353 " + bar + " = " + chan + " :@" + foo + " " + bar));
        a.expectFind("^:" + quote(bar) + "!\\S+ JOIN " + quote(chan) + "$");

        b.send("PRIVMSG " + other + " :one room");
        a.expectFind("^:" + quote(bar) + "!\\S+ PRIVMSG " + quote(chan) + " :one room$");
        a.send("NAMES " + other.toLowerCase());
        a.expect(":reactor-chat 353 " + foo + " = " + chan + " :@" + foo + " " + bar);
        a.expectFind(" 366 " + foo + " " + quote(chan) + " ");
    }

    @Test
    void aNickWithABackslashIsTakenInItsOtherCase() throws Exception {
        String nick = unique("ab") + "[x\\";
        TextClient holder = server.registered(unique("h")).send("NICK " + nick);
        holder.skipUntil(Expected.find(" NICK :?" + quote(nick) + "$"));
        String twin = nick.toUpperCase().replace('[', '{').replace('\\', '|');
        TextClient irc = server.registered(unique("t")).send("NICK " + twin);
        irc.expectFind(" 433 \\S+ " + quote(twin) + " ");
        TextClient line = server.user(unique("l")).send("/nick " + twin);
        line.expect("! nick in use: " + twin);
        line.send("/msg " + twin + " found");
        holder.expectFind(" PRIVMSG " + quote(nick) + " :found$");
    }

    @Test
    void lineAndFrameUsersReachTheChannelInAnotherCase() throws Exception {
        String room = unique("Cm") + "[a\\b]";
        String folded = room.toLowerCase().replace('[', '{').replace(']', '}').replace('\\', '|');
        String op = unique("op");
        TextClient irc = server.registered(op).send("JOIN #" + room);
        irc.skipUntil(Expected.find(" 366 " + op + " " + quote("#" + room) + " "));

        String lineNick = unique("liner");
        TextClient line = server.user(lineNick).send("/join " + folded);
        line.expect("* you are now in " + room + " (2 users)");
        irc.expectFind("^:" + lineNick + "!\\S+ JOIN " + quote("#" + room) + "$");
        line.send("from the line");
        irc.expectFind(" PRIVMSG " + quote("#" + room) + " :from the line$");
        irc.send("PRIVMSG #" + folded + " :from irc");
        line.skipUntil(Expected.find("<" + op + "> from irc$"));
        line.send("/who #" + folded.toUpperCase());
        line.expect("* 2 users in " + room + ": " + op + ", " + lineNick);

        try (FrameClient frame = FrameClient.user(server.address("frame"), unique("framer"))) {
            frame.send(ToServer.JOIN, "#" + folded.toUpperCase()).expect(ToClient.JOINED, room, frame.nick());
            line.expect("* " + frame.nick() + " joined");
            frame.send(ToServer.SAY, folded, "from a frame");
            irc.skipUntil(Expected.find(" PRIVMSG " + quote("#" + room) + " :from a frame$"));
            line.skipUntil(Expected.find("<" + frame.nick() + "> from a frame$"));
        }
    }
}
