package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ServerExtension;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** IRC and line users in the same rooms of one server: #lobby is the line dialect's lobby. */
class CrossDialectTest {
    /** How every test user, all on 127.0.0.1, is shown to IRC users: a cloak, not the address. */
    private static final String HOST = TestServer.LOOPBACK_CLOAK;
    private static final String STAMP = "\\d\\d:\\d\\d:\\d\\d";
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0");

    /** Found in review: a ban mask reached nc users with its terminal escapes intact. */
    @Test
    void nothingAnIrcUserSetsCarriesControlCharactersToLineUsers() throws Exception {
        String lineNick = unique("liner");
        String ircNick = unique("op");
        String room = unique("esc");
        TextClient irc = server.registered(ircNick).send("JOIN #" + room);
        irc.skipUntil(Expected.find(" 366 "));
        TextClient line = server.user(lineNick);
        line.send("/join " + room);
        line.expectFind("^\\* you are now in " + room + " .*");
        irc.send("MODE #" + room + " +b \u001b[2J\u001b[31mPWNED!*@*");
        String modes = line.expectFind("changed the rules of " + room);
        irc.send("TOPIC #" + room + " :\u001b]0;owned\u0007title\u009b31m");
        String topic = line.expectFind("set the topic of " + room);
        for (String seen : List.of(modes, topic)) {
            assertThat(seen.chars().filter(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f))).as(seen).isEmpty();
        }
        assertThat(modes).contains("[2J[31mPWNED!*@*");
    }

    @Test
    void ircAndLineUsersTalkInTheLobby() throws Exception {
        String lineNick = unique("liner");
        String ircNick = unique("ircer");
        TextClient line = server.user(lineNick);
        TextClient irc = server.registered(ircNick).send("JOIN #lobby");
        List<String> names = irc.linesUntil(Expected.find(" 366 " + ircNick + " #lobby "));
        assertThat(names).anyMatch(l -> l.contains(" 353 ") && l.contains(" " + lineNick));
        line.expectFind("^\\* " + ircNick + " joined$");

        line.send("hello from nc");
        assertThat(irc.expectFind("PRIVMSG")).isEqualTo(":" + lineNick + "!guest@" + HOST + " PRIVMSG #lobby :hello from nc");
        irc.send("PRIVMSG #lobby :hello from irc");
        line.skipUntil(Expected.find("^" + STAMP + " <" + ircNick + "> hello from irc$"));
        irc.send("PRIVMSG #lobby :\u0001ACTION waves\u0001");
        line.expectFind("^" + STAMP + " \\* " + ircNick + " waves$");
        line.send("/me nods");
        irc.expectFind("PRIVMSG #lobby :\u0001ACTION nods\u0001$");
        irc.send("NOTICE #lobby :note");
        line.skipUntil(Expected.find("^" + STAMP + " -" + ircNick + "- note$"));
    }

    @Test
    void privateMessagesNickChangesAndQuitsCrossOver() throws Exception {
        String lineNick = unique("lpm");
        String ircNick = unique("ipm");
        TextClient line = server.user(lineNick);
        TextClient irc = server.registered(ircNick).send("JOIN #lobby");
        irc.skipUntil(Expected.find(" 366 "));
        line.expectFind(ircNick + " joined");

        line.send("/msg " + ircNick + " psst");
        assertThat(irc.expectFind("PRIVMSG")).isEqualTo(":" + lineNick + "!guest@" + HOST + " PRIVMSG " + ircNick + " :psst");
        irc.send("PRIVMSG " + lineNick + " :back at you");
        line.skipUntil(Expected.find("^" + STAMP + " \\*" + ircNick + "\\* back at you$"));
        irc.send("PRIVMSG " + lineNick + " :\u0001ACTION winks\u0001", "NOTICE " + lineNick + " :just you");
        line.expectFind("^" + STAMP + " \\*" + ircNick + "\\* \\* " + ircNick + " winks$");
        line.expectFind("^" + STAMP + " \\*" + ircNick + "\\* -" + ircNick + "- just you$");

        String renamed = unique("ren");
        irc.send("NICK " + renamed);
        line.expectFind("^\\* " + ircNick + " is now known as " + renamed + "$");
        line.send("/nick " + lineNick + "x");
        irc.skipUntil(Expected.find(":" + lineNick + "!guest@" + HOST + " NICK :" + lineNick + "x"));

        line.send("/quit off to bed");
        // prefixed as an IRC client's own reason is, so a line user cannot pose as the server
        irc.expectFind(":" + lineNick + "x!guest@" + HOST + " QUIT :Quit: off to bed");
    }

    @Test
    void aLineUserWhoJoinsIsToldTheTopicIfThereIsOne() throws Exception {
        String op = unique("top");
        String room = unique("topical");
        TextClient irc = server.registered(op).send("JOIN #" + room);
        irc.skipUntil(Expected.find(" 366 "));
        TextClient early = server.user(unique("early")).send("/join " + room);
        early.expectFind("^\\* you are now in " + room + " \\(2 users\\)$");
        irc.send("TOPIC #" + room + " :plans for the week");
        early.expectFind("set the topic of " + room);
        TextClient late = server.user(unique("late")).send("/join " + room);
        late.expectFind("^\\* you are now in " + room + " \\(3 users\\)$");
        late.expect("* topic of " + room + ": plans for the week");
        irc.send("TOPIC #" + room + " :");
        early.skipUntil(Expected.find("cleared the topic of " + room));
        late.expectFind("cleared the topic of " + room);
        late.send("/join lobby").send("/join " + room);
        late.expectFind("^\\* you are now in lobby ");
        late.expectFind("^\\* you are now in " + room + " ");
        late.send("/who");
        late.expectFind("^\\* 3 users in " + room + ": "); // no topic line came before it
    }

    @Test
    void lineUsersSeeOperatorActionsAsNotices() throws Exception {
        String op = unique("lop");
        String lineNick = unique("lvictim");
        String room = unique("ops");
        TextClient irc = server.registered(op).send("JOIN #" + room);
        irc.skipUntil(Expected.find(" 366 "));
        TextClient line = server.user(lineNick).send("/join " + room);
        line.expectFind("you are now in " + room);
        irc.expectFind(lineNick + "!guest@" + HOST + " JOIN #" + room);
        irc.send("TOPIC #" + room + " :ops only");
        line.expectFind("^\\* " + op + " set the topic of " + room + ": ops only$");
        irc.send("MODE #" + room + " +mv " + lineNick);
        line.expectFind("^\\* " + op + " changed the rules of " + room + ": \\+moderated, \\+voice " + lineNick + "$");
        irc.send("KICK #" + room + " " + lineNick + " :out");
        line.expectFind("^\\* " + lineNick + " was put out of " + room + " by " + op + " \\(out\\)$");
        line.send("anyone?");
        line.expectFind("^! you are no longer in " + room + ", /join a room$");
        irc.send("MODE #" + room + " +i");
        irc.skipUntil(Expected.find(" MODE #" + room + " \\+i"));
        line.send("/join " + room);
        line.expectFind("^! cannot join " + room + ": it is invite-only$");
        irc.send("INVITE " + lineNick + " #" + room);
        line.expectFind("^\\* " + op + " invites you to " + room + "; /join " + room + " to accept$");
        line.send("/join " + room);
        line.expectFind("you are now in " + room);
        line.expect("* topic of " + room + ": ops only");
        line.send("back again");
        line.expectFind("^! " + room + " is moderated: only its operators and voiced users may speak$"); // but a member
        irc.send("MODE #" + room + " -m");
        line.expectFind("changed the rules of " + room + ": -moderated$");
        line.send("back again");
        irc.skipUntil(Expected.find(":" + lineNick + "!guest@" + HOST + " PRIVMSG #" + room + " :back again"));
    }

    /** Found in review: a line user put out of a secret room could still list it with a bare /who. */
    @Test
    void aLineUserPutOutOfASecretRoomNoLongerSeesItsMembers() throws Exception {
        String op = unique("sop");
        String lineNick = unique("sout");
        String room = unique("hid");
        TextClient irc = server.registered(op).send("JOIN #" + room);
        irc.skipUntil(Expected.find(" 366 "));
        TextClient line = server.user(lineNick).send("/join " + room);
        line.expectFind("you are now in " + room);
        irc.send("MODE #" + room + " +s");
        line.expectFind("changed the rules of " + room);
        line.send("/who");
        line.expectFind("^\\* 2 users in " + room + ": ");
        irc.send("KICK #" + room + " " + lineNick + " :out");
        line.expectFind("was put out of " + room);
        line.send("/who");
        line.expectFind("^! no such room: " + room + "$");
    }

    @Test
    void aLineUserWhoCannotEnterALockedLobbyIsToldAndCanGoElsewhere() throws Exception {
        try (TestServer fresh = TestServer.start("--listen", "irc=127.0.0.1:0")) {
            TextClient op = fresh.registered("keeper").send("JOIN #lobby", "MODE #lobby +i");
            op.skipUntil(Expected.find(" MODE #lobby \\+i"));
            TextClient line = TextClient.connect(fresh.address("line"));
            line.expectFind("^\\* welcome to reactor-chat, you are guest-\\d+; /help");
            line.expectFind("^! cannot join lobby: it is invite-only; /join another room$");
            line.send("/join elsewhere");
            line.expectFind("you are now in elsewhere \\(1 user\\)");
            line.close();
        }
    }

    @Test
    void nicksCollideAcrossDialectsIgnoringCase() throws Exception {
        String lineNick = unique("dup[a]");
        TextClient line = server.user(lineNick);
        TextClient irc = server.irc().send("NICK " + lineNick.toUpperCase().replace('[', '{').replace(']', '}'),
                "USER u 0 * :r");
        irc.expectFind(" 433 \\* ");
        String ircNick = unique("dupb");
        irc.send("NICK " + ircNick).expectFind(" 001 " + ircNick);
        line.send("/nick " + ircNick.toUpperCase());
        line.expectFind("^! nick in use: " + ircNick.toUpperCase() + "$");
        irc.send("NICK " + lineNick);
        irc.skipUntil(Expected.find(" 433 " + ircNick + " "));
    }

    @Test
    void aLongLineFromALineUserReachesIrcWhole() throws Exception {
        String lineNick = unique("longline");
        String ircNick = unique("longirc");
        TextClient line = server.user(lineNick);
        TextClient irc = server.registered(ircNick).send("JOIN #lobby");
        irc.skipUntil(Expected.find(" 366 "));
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 1500; i++) {
            text.append("word").append(i).append(" \u00e9\u20ac ");
        }
        String sent = text.toString().strip();
        line.send(sent);
        String head = ":" + lineNick + "!guest@" + HOST + " PRIVMSG #lobby :";
        List<String> pieces = new ArrayList<>();
        StringBuilder received = new StringBuilder();
        while (received.length() < sent.length()) {
            String message = irc.expectFind("PRIVMSG #lobby");
            assertThat(message).startsWith(head);
            // What a client could have sent itself: 510 bytes without the source prefix (511 with
            // the colon a one-word text may leave out).
            String sendable = message.substring(message.indexOf(" ") + 1);
            assertThat(sendable.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(511);
            pieces.add(message);
            received.append(message.substring(head.length()));
        }
        assertThat(pieces.size()).isGreaterThan(2);
        assertThat(received.toString()).isEqualTo(sent);
    }
}
