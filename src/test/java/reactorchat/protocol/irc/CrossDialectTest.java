package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.protocol.irc.IrcServerFixture.unique;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** IRC and line users in the same rooms of one server: #lobby is the line dialect's lobby. */
class CrossDialectTest {
    private static final String STAMP = "\\d\\d:\\d\\d:\\d\\d";
    private static IrcServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = new IrcServerFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Found in review: a ban mask reached nc users with its terminal escapes intact. */
    @Test
    void nothingAnIrcUserSetsCarriesControlCharactersToLineUsers() throws Exception {
        String lineNick = unique("liner");
        String ircNick = unique("op");
        String room = unique("esc");
        TextClient irc = server.registered(ircNick).send("JOIN #" + room);
        irc.expect(" 366 ");
        TextClient line = server.line(lineNick);
        line.send("/join " + room);
        line.expect("^\\* you are now in " + room + " .*");
        irc.send("MODE #" + room + " +b \u001b[2J\u001b[31mPWNED!*@*");
        String modes = line.expect("changed the rules of " + room);
        irc.send("TOPIC #" + room + " :\u001b]0;owned\u0007title\u009b31m");
        String topic = line.expect("set the topic of " + room);
        for (String seen : List.of(modes, topic)) {
            assertThat(seen.chars().filter(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f))).as(seen).isEmpty();
        }
        assertThat(modes).contains("[2J[31mPWNED!*@*");
    }

    @Test
    void ircAndLineUsersTalkInTheLobby() throws Exception {
        String lineNick = unique("liner");
        String ircNick = unique("ircer");
        TextClient line = server.line(lineNick);
        TextClient irc = server.registered(ircNick).send("JOIN #lobby");
        List<String> names = irc.linesUntil(" 366 " + ircNick + " #lobby ");
        assertThat(names).anyMatch(l -> l.contains(" 353 ") && l.contains(" " + lineNick));
        line.expect("^\\* " + ircNick + " joined$");

        line.send("hello from nc");
        assertThat(irc.expect("PRIVMSG")).isEqualTo(":" + lineNick + "!guest@127.0.0.1 PRIVMSG #lobby :hello from nc");
        irc.send("PRIVMSG #lobby :hello from irc");
        line.expect("^" + STAMP + " <" + ircNick + "> hello from irc$");
        irc.send("PRIVMSG #lobby :\u0001ACTION waves\u0001");
        line.expect("^" + STAMP + " \\* " + ircNick + " waves$");
        line.send("/me nods");
        irc.expect("PRIVMSG #lobby :\u0001ACTION nods\u0001$");
        irc.send("NOTICE #lobby :note");
        line.expect("^" + STAMP + " -" + ircNick + "- note$");
    }

    @Test
    void privateMessagesNickChangesAndQuitsCrossOver() throws Exception {
        String lineNick = unique("lpm");
        String ircNick = unique("ipm");
        TextClient line = server.line(lineNick);
        TextClient irc = server.registered(ircNick).send("JOIN #lobby");
        irc.expect(" 366 ");
        line.expect(ircNick + " joined");

        line.send("/msg " + ircNick + " psst");
        assertThat(irc.expect("PRIVMSG")).isEqualTo(":" + lineNick + "!guest@127.0.0.1 PRIVMSG " + ircNick + " :psst");
        irc.send("PRIVMSG " + lineNick + " :back at you");
        line.expect("^" + STAMP + " \\*" + ircNick + "\\* back at you$");

        String renamed = unique("ren");
        irc.send("NICK " + renamed);
        line.expect("^\\* " + ircNick + " is now known as " + renamed + "$");
        line.send("/nick " + lineNick + "x");
        irc.expect(":" + lineNick + "!guest@127.0.0.1 NICK :" + lineNick + "x");

        line.send("/quit off to bed");
        // prefixed as an IRC client's own reason is, so a line user cannot pose as the server
        irc.expect(":" + lineNick + "x!guest@127.0.0.1 QUIT :Quit: off to bed");
    }

    @Test
    void lineUsersSeeOperatorActionsAsNotices() throws Exception {
        String op = unique("lop");
        String lineNick = unique("lvictim");
        String room = unique("ops");
        TextClient irc = server.registered(op).send("JOIN #" + room);
        irc.expect(" 366 ");
        TextClient line = server.line(lineNick).send("/join " + room);
        line.expect("you are now in " + room);
        irc.expect(lineNick + "!guest@127.0.0.1 JOIN #" + room);
        irc.send("TOPIC #" + room + " :ops only");
        line.expect("^\\* " + op + " set the topic of " + room + ": ops only$");
        irc.send("MODE #" + room + " +mv " + lineNick);
        line.expect("^\\* " + op + " changed the rules of " + room + ": \\+moderated, \\+voice " + lineNick + "$");
        irc.send("KICK #" + room + " " + lineNick + " :out");
        line.expect("^\\* " + lineNick + " was put out of " + room + " by " + op + " \\(out\\)$");
        line.send("anyone?");
        line.expect("^! you are no longer in " + room + ", /join a room$");
        irc.send("MODE #" + room + " +i");
        irc.expect(" MODE #" + room + " \\+i");
        line.send("/join " + room);
        line.expect("^! cannot join " + room + ": it is invite-only$");
        irc.send("INVITE " + lineNick + " #" + room);
        line.expect("^\\* " + op + " invites you to " + room + "; /join " + room + " to accept$");
        line.send("/join " + room);
        line.expect("you are now in " + room);
        line.send("back again");
        line.expect("^! " + room + " is moderated: only its operators and voiced users may speak$"); // but a member
        irc.send("MODE #" + room + " -m");
        line.expect("changed the rules of " + room + ": -moderated$");
        line.send("back again");
        irc.expect(":" + lineNick + "!guest@127.0.0.1 PRIVMSG #" + room + " :back again");
    }

    /** Found in review: a line user put out of a secret room could still list it with a bare /who. */
    @Test
    void aLineUserPutOutOfASecretRoomNoLongerSeesItsMembers() throws Exception {
        String op = unique("sop");
        String lineNick = unique("sout");
        String room = unique("hid");
        TextClient irc = server.registered(op).send("JOIN #" + room);
        irc.expect(" 366 ");
        TextClient line = server.line(lineNick).send("/join " + room);
        line.expect("you are now in " + room);
        irc.send("MODE #" + room + " +s");
        line.expect("changed the rules of " + room);
        line.send("/who");
        line.expect("^\\* 2 users in " + room + ": ");
        irc.send("KICK #" + room + " " + lineNick + " :out");
        line.expect("was put out of " + room);
        line.send("/who");
        line.expect("^! no such room: " + room + "$");
    }

    @Test
    void aLineUserWhoCannotEnterALockedLobbyIsToldAndCanGoElsewhere() throws Exception {
        try (IrcServerFixture fresh = new IrcServerFixture()) {
            TextClient op = fresh.registered("keeper").send("JOIN #lobby", "MODE #lobby +i");
            op.expect(" MODE #lobby \\+i");
            TextClient line = new TextClient(fresh.address("line"), "\n");
            line.expect("^\\* welcome to reactor-chat, you are guest-\\d+; /help");
            line.expect("^! cannot join lobby: it is invite-only; /join another room$");
            line.send("/join elsewhere");
            line.expect("you are now in elsewhere \\(1 user\\)");
            line.close();
        }
    }

    @Test
    void nicksCollideAcrossDialectsIgnoringCase() throws Exception {
        String lineNick = unique("dup[a]");
        TextClient line = server.line(lineNick);
        TextClient irc = server.irc().send("NICK " + lineNick.toUpperCase().replace('[', '{').replace(']', '}'),
                "USER u 0 * :r");
        irc.expect(" 433 \\* ");
        String ircNick = unique("dupb");
        irc.send("NICK " + ircNick).expect(" 001 " + ircNick);
        line.send("/nick " + ircNick.toUpperCase());
        line.expect("^! nick in use: " + ircNick.toUpperCase() + "$");
        irc.send("NICK " + lineNick);
        irc.expect(" 433 " + ircNick + " ");
    }

    @Test
    void aLongLineFromALineUserReachesIrcWhole() throws Exception {
        String lineNick = unique("longline");
        String ircNick = unique("longirc");
        TextClient line = server.line(lineNick);
        TextClient irc = server.registered(ircNick).send("JOIN #lobby");
        irc.expect(" 366 ");
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 1500; i++) {
            text.append("word").append(i).append(" \u00e9\u20ac ");
        }
        String sent = text.toString().strip();
        line.send(sent);
        String head = ":" + lineNick + "!guest@127.0.0.1 PRIVMSG #lobby :";
        List<String> pieces = new ArrayList<>();
        StringBuilder received = new StringBuilder();
        while (received.length() < sent.length()) {
            String message = irc.expect("PRIVMSG #lobby");
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
