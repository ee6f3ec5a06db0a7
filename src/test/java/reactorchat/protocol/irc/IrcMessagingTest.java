package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;
import reactorchat.testing.TestServer;

/** Messages and questions over real sockets: PRIVMSG, NOTICE, NICK, QUIT, AWAY, WHO, WHOIS and the rest. */
class IrcMessagingTest {
    /** How every test user, all on 127.0.0.1, is shown to IRC users: a cloak, not the address. */
    private static final String HOST = TestServer.LOOPBACK_CLOAK;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0");

    private static String source(String nick) {
        return ":" + nick + "!" + nick + "@" + HOST;
    }

    @Test
    void privmsgNoticeAndActionToChannelsAndNicksWithSeveralTargets() throws Exception {
        String alice = unique("alice");
        String bob = unique("bob");
        String chan = "#" + unique("talk");
        TextClient a = server.registered(alice).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        TextClient b = server.registered(bob).send("JOIN " + chan);
        b.skipUntil(Expected.find(" 366 "));
        a.expectFind(" JOIN " + chan);
        a.send("PRIVMSG " + chan + " :hello: all");
        assertThat(b.expectFind("PRIVMSG")).isEqualTo(source(alice) + " PRIVMSG " + chan + " :hello: all");
        a.send("NOTICE " + chan + " :heads up");
        assertThat(b.expectFind("NOTICE")).isEqualTo(source(alice) + " NOTICE " + chan + " :heads up");
        a.send("PRIVMSG " + chan + " :\u0001ACTION waves\u0001");
        assertThat(b.expectFind("PRIVMSG")).isEqualTo(source(alice) + " PRIVMSG " + chan + " :\u0001ACTION waves\u0001");
        a.send("PRIVMSG " + bob + "," + chan + " :twice");
        assertThat(b.expectFind("PRIVMSG")).isEqualTo(source(alice) + " PRIVMSG " + bob + " :twice");
        assertThat(b.expectFind("PRIVMSG")).isEqualTo(source(alice) + " PRIVMSG " + chan + " :twice");
        a.send("PING :sync");
        assertThat(a.linesUntil(Expected.find("PONG"))).isEmpty(); // the sender is not echoed
        b.send("NOTICE " + alice + " :psst");
        assertThat(a.expectFind("NOTICE")).isEqualTo(source(bob) + " NOTICE " + alice + " :psst");
    }

    @Test
    void messageErrors() throws Exception {
        String nick = unique("err");
        TextClient client = server.registered(nick);
        client.send("PRIVMSG");
        assertThat(client.expectFind(" 411 ")).isEqualTo(":reactor-chat 411 " + nick + " :No recipient given (PRIVMSG)");
        client.send("PRIVMSG " + nick);
        assertThat(client.expectFind(" 412 ")).isEqualTo(":reactor-chat 412 " + nick + " :No text to send");
        client.send("PRIVMSG ghost" + nick + " :hi");
        client.expectFind(" 401 " + nick + " ghost" + nick + " :No such nick/channel");
        client.send("PRIVMSG #ghost" + nick + " :hi");
        client.expectFind(" 403 " + nick + " #ghost" + nick + " :No such channel");
        String chan = "#" + unique("closed");
        server.registered(unique("owner")).send("JOIN " + chan).skipUntil(Expected.find(" 366 "));
        client.send("PRIVMSG " + chan + " :from outside");
        client.expectFind(" 404 " + nick + " " + chan + " :Cannot send to channel");
        client.send("PRIVMSG a,b,c,d,e :hi");
        client.expectFind(" 407 " + nick + " a,b,c,d,e ");
        client.send("NOTICE ghost" + nick + " :hi", "NOTICE", "PING :sync");
        assertThat(client.linesUntil(Expected.find("PONG"))).isEmpty(); // RFC 2812 3.3.2: no error replies to NOTICE
    }

    @Test
    void nickChangesReachEveryoneSharingAChannelOnce() throws Exception {
        String old = unique("old");
        String fresh = unique("fresh");
        String peer = unique("peer");
        String c1 = "#" + unique("n");
        String c2 = "#" + unique("n");
        TextClient a = server.registered(old).send("JOIN " + c1 + "," + c2);
        a.skipUntil(Expected.find(" 366 \\S+ " + c2));
        TextClient b = server.registered(peer).send("JOIN " + c1 + "," + c2);
        b.skipUntil(Expected.find(" 366 \\S+ " + c2));
        a.send("NICK " + fresh);
        assertThat(a.skipUntil(Expected.find(" NICK "))).isEqualTo(source(old) + " NICK :" + fresh);
        assertThat(b.expectFind(" NICK ")).isEqualTo(source(old) + " NICK :" + fresh);
        b.send("PING :sync");
        assertThat(b.linesUntil(Expected.find("PONG"))).isEmpty();
        a.send("NICK " + peer.toUpperCase());
        a.expectFind(" 433 " + fresh + " " + peer.toUpperCase() + " ");
        a.send("NICK " + fresh.toUpperCase());
        a.expectFind(" NICK :" + fresh.toUpperCase());
    }

    @Test
    void quitIsRelayedWithItsReason() throws Exception {
        String leaver = unique("leaver");
        String stay = unique("stay");
        String chan = "#" + unique("q");
        TextClient a = server.registered(leaver).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        TextClient b = server.registered(stay).send("JOIN " + chan);
        b.skipUntil(Expected.find(" 366 "));
        a.send("QUIT :gone fishing");
        assertThat(a.skipUntil(Expected.find("^ERROR"))).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Quit: gone fishing)");
        a.expectClosed();
        assertThat(b.expectFind(" QUIT ")).isEqualTo(source(leaver) + " QUIT :Quit: gone fishing");
    }

    @Test
    void aQuitReasonCannotPassForAServerMessage() throws Exception {
        String spoofer = unique("spoof");
        String bare = unique("bare");
        String stay = unique("stay");
        String chan = "#" + unique("spoof");
        TextClient a = server.registered(spoofer).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        TextClient c = server.registered(bare).send("JOIN " + chan);
        c.skipUntil(Expected.find(" 366 "));
        TextClient b = server.registered(stay).send("JOIN " + chan);
        b.skipUntil(Expected.find(" 366 "));
        a.send("QUIT :Killed (oper (spoofed))");
        assertThat(b.expectFind(" QUIT ")).isEqualTo(source(spoofer) + " QUIT :Quit: Killed (oper (spoofed))");
        c.send("QUIT");
        assertThat(b.expectFind(" QUIT ")).isEqualTo(source(bare) + " QUIT :Quit: ");
    }

    @Test
    void awayIsShownToSendersAndInWhoisAndUserhost() throws Exception {
        String away = unique("away");
        String asker = unique("asker");
        TextClient a = server.registered(away).send("AWAY :at lunch");
        assertThat(a.expectFind(" 306 ")).isEqualTo(":reactor-chat 306 " + away + " :You have been marked as being away");
        TextClient b = server.registered(asker).send("PRIVMSG " + away + " :there?");
        assertThat(b.expectFind(" 301 ")).isEqualTo(":reactor-chat 301 " + asker + " " + away + " :at lunch");
        b.send("USERHOST " + away + " " + asker);
        assertThat(b.expectFind(" 302 ")).isEqualTo(":reactor-chat 302 " + asker + " :" + away + "=-" + away
                + "@" + HOST + " " + asker + "=+" + asker + "@" + HOST);
        b.send("WHOIS " + away);
        assertThat(b.linesUntil(Expected.find(" 318 "))).contains(":reactor-chat 301 " + asker + " " + away + " :at lunch");
        a.send("AWAY");
        assertThat(a.skipUntil(Expected.find(" 305 "))).isEqualTo(":reactor-chat 305 " + away + " :You are no longer marked as being away");
    }

    @Test
    void whoWhoisIsonAndServerQueries() throws Exception {
        String me = unique("me");
        String them = unique("them");
        String chan = "#" + unique("w");
        TextClient a = server.registered(me).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        TextClient b = server.registered(them).send("JOIN " + chan);
        b.skipUntil(Expected.find(" 366 "));
        b.send("WHO " + chan);
        List<String> who = b.linesThrough(Expected.find(" 315 "));
        assertThat(who).contains(
                ":reactor-chat 352 " + them + " " + chan + " " + me + " " + HOST + " reactor-chat " + me + " H@ :0 Real " + me,
                ":reactor-chat 352 " + them + " " + chan + " " + them + " " + HOST + " reactor-chat " + them + " H :0 Real "
                        + them);
        assertThat(who.get(who.size() - 1)).isEqualTo(":reactor-chat 315 " + them + " " + chan + " :End of WHO list");
        b.send("WHO " + me.substring(0, 2) + "*" + me.substring(me.length() - 1));
        assertThat(b.linesUntil(Expected.find(" 315 "))).contains(":reactor-chat 352 " + them + " * " + me + " " + HOST + " reactor-chat "
                + me + " H :0 Real " + me);
        b.send("WHOIS " + me);
        assertThat(b.linesUntil(Expected.find(" 318 "))).containsExactly(
                ":reactor-chat 311 " + them + " " + me + " " + me + " " + HOST + " * :Real " + me,
                ":reactor-chat 319 " + them + " " + me + " :@" + chan,
                ":reactor-chat 312 " + them + " " + me + " reactor-chat :reactor-chat, one thread, one selector");
        b.send("WHOIS nobody" + me);
        b.expectFind(" 401 " + them + " nobody" + me + " ");
        b.expectFind(" 318 " + them + " nobody" + me + " :End of /WHOIS list");
        b.send("WHOIS");
        b.expectFind(" 431 ");
        b.send("ISON " + me + " nobody " + them.toUpperCase());
        assertThat(b.expectFind(" 303 ")).isEqualTo(":reactor-chat 303 " + them + " :" + me + " " + them);
        b.send("VERSION");
        assertThat(b.expectFind(" 351 ")).startsWith(":reactor-chat 351 " + them + " reactor-chat-");
        b.expectFind(" 005 " + them + " .*CASEMAPPING=rfc1459");
        b.send("VERSION elsewhere.net");
        b.skipUntil(Expected.find(" 402 " + them + " elsewhere.net :No such server"));
        b.send("TIME");
        assertThat(b.expectFind(" 391 ")).startsWith(":reactor-chat 391 " + them + " reactor-chat :");
        b.send("LUSERS");
        b.expectFind(" 251 " + them + " :There are \\d+ users and \\d+ invisible on 1 servers");
        b.skipUntil(Expected.find(" 254 " + them + " \\d+ :channels formed"));
        b.expectFind(" 255 " + them + " :I have \\d+ clients and 0 servers");
        b.expectFind(" 265 " + them + " (\\d+) (\\d+) :Current local users \\1, max \\2");
        b.expectFind(" 266 " + them + " (\\d+) (\\d+) :Current global users \\1, max \\2");
        b.send("MOTD");
        b.expectFind(" 422 ");
    }

    @Test
    void invisibleUsersAreHiddenFromWhoOfStrangers() throws Exception {
        String hidden = unique("hidden");
        TextClient a = server.registered(hidden).send("MODE " + hidden + " +i");
        a.expectFind(" MODE ");
        TextClient b = server.registered(unique("seeker"));
        b.send("WHO " + hidden.substring(0, 4) + "*");
        assertThat(b.linesUntil(Expected.find(" 315 "))).isEmpty();
        b.send("WHO " + hidden); // a plain nick is not a mask: it is answered
        assertThat(b.linesUntil(Expected.find(" 315 "))).hasSize(1);
        a.send("WHO " + hidden);
        assertThat(a.linesUntil(Expected.find(" 315 "))).hasSize(1);
    }

    @Test
    void relayedTextCannotCarryCrLfOrNul() throws Exception {
        String sender = unique("inj");
        String reader = unique("rd");
        TextClient a = server.registered(sender);
        TextClient b = server.registered(reader);
        a.sendRaw(("PRIVMSG " + reader + " :one\rQUIT :x\0y\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(b.expectFind("PRIVMSG")).isEqualTo(source(sender) + " PRIVMSG " + reader + " :oneQUIT :xy");
        b.send("PING :sync");
        assertThat(b.linesUntil(Expected.find("PONG"))).isEmpty();
    }

    @Test
    void whowasRemembersQuitAndRenamedNicksNewestFirst() throws Exception {
        String gone = unique("gone");
        String asker = unique("whowas");
        TextClient a = server.registered(gone);
        a.send("NICK " + gone + "x", "NICK " + gone);
        a.skipUntil(Expected.find(" NICK :" + gone + "$"));
        a.send("QUIT :bye");
        a.expectClosed();
        TextClient b = server.registered(asker).send("WHOWAS " + gone);
        List<String> lines = b.linesUntil(Expected.find(" 369 " + asker + " " + gone + " :End of WHOWAS"));
        assertThat(lines).hasSize(4).allMatch(line -> line.contains(" 314 ") || line.contains(" 312 "));
        assertThat(lines.get(0)).isEqualTo(":reactor-chat 314 " + asker + " " + gone + " " + gone + " " + HOST + " * :Real "
                + gone);
        b.send("WHOWAS " + gone + " 1");
        assertThat(b.linesUntil(Expected.find(" 369 "))).hasSize(2);
        b.send("WHOWAS never" + asker);
        b.expectFind(" 406 " + asker + " never" + asker + " :There was no such nickname");
        b.expectFind(" 369 " + asker + " never" + asker + " ");
        b.send("WHOWAS");
        b.expectFind(" 431 ");
    }

    @Test
    void aTargetListOfOnlyCommasIsNoRecipient() throws Exception {
        String nick = unique("nocommas");
        TextClient a = server.registered(nick);
        a.send("PRIVMSG , :hi");
        assertThat(a.expectFind(" 411 ")).isEqualTo(":reactor-chat 411 " + nick + " :No recipient given (PRIVMSG)");
        a.send("PRIVMSG ,,nobody" + nick + ", :hi");
        a.expectFind(" 401 " + nick + " nobody" + nick + " ");
        a.send("NOTICE , :hi", "PING :sync");
        assertThat(a.linesUntil(Expected.find("PONG"))).isEmpty(); // NOTICE is never answered
    }
    @Test
    void aTargetNamedTwiceIsSentToOnceAndErrorsEchoAtMost64Characters() throws Exception {
        String alice = unique("dup");
        String bob = unique("dupto");
        String chan = "#" + unique("dupchan");
        TextClient a = server.registered(alice).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        TextClient b = server.registered(bob).send("JOIN " + chan);
        b.skipUntil(Expected.find(" 366 "));
        a.send("PRIVMSG " + bob + "," + bob.toUpperCase() + "," + bob + " :once",
                "PRIVMSG " + chan + "," + chan.toUpperCase() + " :once here", "PING :sync");
        a.skipUntil(Expected.find("PONG"));
        b.send("PING :sync");
        assertThat(b.linesUntil(Expected.find("PONG"))).filteredOn(line -> line.contains(" PRIVMSG ")).hasSize(2);
        String longNick = "n".repeat(300);
        a.send("PRIVMSG " + longNick + " :hi", "NICK " + longNick);
        assertThat(a.expectFind(" 401 ")).isEqualTo(":reactor-chat 401 " + alice + " " + "n".repeat(64)
                + "\u2026 :No such nick/channel");
        assertThat(a.expectFind(" 432 ")).isEqualTo(":reactor-chat 432 " + alice + " " + "n".repeat(64)
                + "\u2026 :Erroneous nickname");
    }
}
