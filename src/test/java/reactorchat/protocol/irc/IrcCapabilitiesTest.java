package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;
import reactorchat.testing.TestServer;

/** The IRCv3 capabilities over real sockets: tags in and out, echo, labels, and the notify family. */
class IrcCapabilitiesTest {
    private static final String HOST = TestServer.LOOPBACK_CLOAK;
    private static final Pattern TAGGED = Pattern.compile(
            "^@time=(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z);msgid=([a-z2-7]+) (.*)$");
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0", "--listen",
            "line=127.0.0.1:0");

    /** An IRC client registered as {@code nick} with these capabilities, in {@code channel}. */
    private static TextClient joined(String nick, String channel, String capabilities) throws Exception {
        TextClient client = server.irc();
        if (!capabilities.isEmpty()) {
            client.send("CAP LS 302", "CAP REQ :" + capabilities);
            client.skipUntil(Expected.find(" CAP \\S+ ACK :"));
        }
        client.send("NICK " + nick, "USER " + nick + " 0 * :Real " + nick, "CAP END");
        client.skipUntil(Expected.find(" (376|422) " + nick + " "));
        client.send("JOIN " + channel);
        client.skipUntil(Expected.find(" 366 " + nick + " "));
        return client;
    }

    private static void sync(TextClient client) throws Exception {
        client.send("PING :sync");
        client.skipUntil(Expected.find("PONG"));
    }

    @Test
    void aLineUsersMessageReachesIrcUsersWithOneTimeAndOneId() throws Exception {
        String room = unique("stamp");
        TextClient a = joined(unique("a"), "#" + room, "server-time message-tags");
        TextClient b = joined(unique("b"), "#" + room, "message-tags server-time");
        TextClient plain = joined(unique("plain"), "#" + room, "");
        String liner = unique("liner");
        TextClient line = server.user(liner);
        line.send("/join " + room);
        line.skipUntil(Expected.find("you are now in " + room));
        line.send("stamped");
        String body = ":" + liner + "!guest@" + HOST + " PRIVMSG #" + room + " :stamped";
        Matcher seenByA = TAGGED.matcher(a.skipUntil(Expected.find(" PRIVMSG ")));
        Matcher seenByB = TAGGED.matcher(b.skipUntil(Expected.find(" PRIVMSG ")));
        assertThat(seenByA.matches()).isTrue();
        assertThat(seenByB.matches()).isTrue();
        assertThat(seenByA.group(3)).isEqualTo(body);
        assertThat(seenByB.group(1)).isEqualTo(seenByA.group(1));
        assertThat(seenByB.group(2)).isEqualTo(seenByA.group(2));
        assertThat(plain.skipUntil(Expected.find(" PRIVMSG "))).isEqualTo(body);
        line.send("again");
        Matcher next = TAGGED.matcher(a.skipUntil(Expected.find(" PRIVMSG ")));
        assertThat(next.matches()).isTrue();
        assertThat(next.group(2)).isNotEqualTo(seenByA.group(2));
    }

    @Test
    void clientOnlyTagsAreRelayedToThoseWhoAskedAndTagmsgToNoOneElse() throws Exception {
        String room = "#" + unique("tags");
        String sender = unique("s");
        TextClient s = joined(sender, room, "message-tags");
        TextClient tagged = joined(unique("t"), room, "message-tags");
        TextClient plain = joined(unique("p"), room, "");
        s.send("@+example.com/react=\\:ok;server=spoof;+typing=active;+typing=done PRIVMSG " + room + " :hi");
        String relayed = tagged.skipUntil(Expected.find(" PRIVMSG "));
        assertThat(relayed).matches("@msgid=[a-z2-7]+;\\+example\\.com/react=\\\\:ok;\\+typing=done :" + sender
                + "!\\S+ PRIVMSG " + room + " :hi");
        assertThat(plain.skipUntil(Expected.find(" PRIVMSG "))).startsWith(":" + sender + "!");
        s.send("@+typing=active TAGMSG " + room);
        assertThat(tagged.skipUntil(Expected.find(" TAGMSG "))).matches("@msgid=\\S+;\\+typing=active :" + sender + "!\\S+ TAGMSG " + room);
        sync(plain); // a client without message-tags is sent no TAGMSG at all
        s.send("PING :sync");
        assertThat(s.linesUntil(Expected.find("PONG"))).allMatch(l -> l.contains(" JOIN ")); // nor, without echo-message, the sender
    }

    @Test
    void clientTagsPastTheirLimitGet417AndAreNotRelayed() throws Exception {
        String room = "#" + unique("limit");
        TextClient s = joined(unique("s"), room, "message-tags");
        TextClient r = joined(unique("r"), room, "message-tags");
        String atLimit = "+x=" + "a".repeat(IrcFormat.MAX_TAG_BYTES - 3);
        s.send("@" + atLimit + " TAGMSG " + room);
        assertThat(r.skipUntil(Expected.find(" TAGMSG "))).contains(";" + atLimit + " :");
        s.send("@" + atLimit + "b TAGMSG " + room);
        s.skipUntil(Expected.find(" 417 "));
        s.send("@+y=1 PRIVMSG " + room + " :" + "c".repeat(IrcFormat.MAX_LINE_BYTES)); // the message part alone too long
        s.skipUntil(Expected.find(" 417 "));
        sync(r);
        s.send("@" + "+z".repeat(5000) + " TAGMSG " + room); // longer than any line may be: the decoder's limit
        s.skipUntil(Expected.find(" 417 "));
        s.send("PRIVMSG " + room + " :still here");
        assertThat(r.skipUntil(Expected.find(" PRIVMSG "))).endsWith(" :still here");
    }

    @Test
    void echoMessageSendsTheSenderTheSameMessageAndId() throws Exception {
        String room = "#" + unique("echo");
        String sender = unique("e");
        TextClient s = joined(sender, room, "echo-message message-tags");
        TextClient r = joined(unique("r"), room, "message-tags");
        s.send("PRIVMSG " + room + " :mirror");
        String echo = s.skipUntil(Expected.find(" PRIVMSG "));
        assertThat(echo).isEqualTo(r.skipUntil(Expected.find(" PRIVMSG "))).endsWith(" PRIVMSG " + room + " :mirror");
        String peer = unique("peer");
        TextClient p = server.registered(peer);
        s.send("PRIVMSG " + peer + " :direct");
        assertThat(s.skipUntil(Expected.find(" PRIVMSG "))).endsWith(" PRIVMSG " + peer + " :direct");
        assertThat(p.skipUntil(Expected.find(" PRIVMSG "))).isEqualTo(":" + sender + "!" + sender + "@" + HOST + " PRIVMSG " + peer
                + " :direct");
    }

    @Test
    void labelsComeBackOnAnAckOneLineOrABatch() throws Exception {
        String nick = unique("l");
        String room = "#" + unique("label");
        TextClient c = joined(nick, room, "labeled-response batch echo-message");
        c.send("@label=q1 MONITOR - nobody");
        assertThat(c.nextLine()).isEqualTo("@label=q1 :reactor-chat ACK");
        c.send("@label=q2 PING :x");
        assertThat(c.nextLine()).isEqualTo("@label=q2 :reactor-chat PONG reactor-chat :x");
        c.send("@label=q3 NAMES " + room);
        List<String> batch = c.linesThrough(Expected.find("BATCH -"));
        Matcher start = Pattern.compile("@label=q3 :reactor-chat BATCH \\+(\\S+) labeled-response").matcher(batch.get(0));
        assertThat(start.matches()).as(batch.get(0)).isTrue();
        String id = start.group(1);
        assertThat(batch.get(1)).isEqualTo("@batch=" + id + " :reactor-chat 353 " + nick + " = " + room + " :@" + nick);
        assertThat(batch.get(2)).startsWith("@batch=" + id + " :reactor-chat 366 " + nick + " " + room + " ");
        assertThat(batch.get(3)).isEqualTo(":reactor-chat BATCH -" + id);
        c.send("@label=q4 PRIVMSG " + room + " :labeled echo");
        assertThat(c.nextLine()).isEqualTo("@label=q4 :" + nick + "!" + nick + "@" + HOST + " PRIVMSG " + room
                + " :labeled echo");
        c.send("@label=q5 PRIVMSG " + nick + " :to myself"); // the message as received, then its labeled echo
        assertThat(c.nextLine()).isEqualTo(":" + nick + "!" + nick + "@" + HOST + " PRIVMSG " + nick + " :to myself");
        assertThat(c.nextLine()).startsWith("@label=q5 :" + nick + "!").endsWith(" :to myself");
        c.send("@label=q6 PING :unasked");
        TextClient plain = joined(unique("np"), room, "");
        plain.send("@label=q7 PING :unasked");
        assertThat(plain.skipUntil(Expected.find("PONG"))).startsWith(":reactor-chat PONG"); // no labels without the cap
    }

    @Test
    void awayRealNameJoinAndInvitesAreShownToThoseWhoAsked() throws Exception {
        String room = "#" + unique("notify");
        String watcherNick = unique("w");
        TextClient watcher = joined(watcherNick, room, "away-notify setname extended-join invite-notify");
        TextClient plain = joined(unique("p"), room, "");
        watcher.skipUntil(Expected.find(" JOIN "));
        String other = unique("o");
        TextClient o = server.registered(other);
        o.send("AWAY :lunch");
        o.skipUntil(Expected.find(" 306 "));
        o.send("JOIN " + room);
        assertThat(watcher.skipUntil(Expected.find(" JOIN "))).isEqualTo(":" + other + "!" + other + "@" + HOST + " JOIN " + room
                + " * :Real " + other);
        assertThat(watcher.skipUntil(Expected.find(" AWAY "))).isEqualTo(":" + other + "!" + other + "@" + HOST + " AWAY :lunch");
        o.send("AWAY");
        assertThat(watcher.skipUntil(Expected.find(" AWAY$"))).isEqualTo(":" + other + "!" + other + "@" + HOST + " AWAY");
        o.send("SETNAME :New Name");
        assertThat(watcher.skipUntil(Expected.find(" SETNAME "))).isEqualTo(":" + other + "!" + other + "@" + HOST + " SETNAME :New Name");
        o.send("WHOIS " + other);
        o.skipUntil(Expected.find(" 311 " + other + " " + other + " " + other + " \\S+ \\* :New Name"));
        String guest = unique("g");
        server.registered(guest);
        watcher.send("INVITE " + guest + " " + room);
        watcher.skipUntil(Expected.find(" 341 "));
        o.send("INVITE " + guest + " " + room);
        assertThat(watcher.skipUntil(Expected.find(" INVITE "))).isEqualTo(":" + other + "!" + other + "@" + HOST + " INVITE " + guest
                + " " + room);
        sync(o);
        sync(watcher);
        plain.send("PING :sync");
        assertThat(plain.linesUntil(Expected.find("PONG"))).allMatch(line -> line.contains(" JOIN "));
    }
}
