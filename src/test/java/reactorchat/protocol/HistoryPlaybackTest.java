package reactorchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.codec.Frame;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;
import reactorchat.testing.FrameClient;
import reactorchat.testing.ServerExtension;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;
import reactorchat.testing.WsClient;

/** Room history as each dialect shows it, over real sockets, and who may see it. */
class HistoryPlaybackTest {
    private static final String TIME = "\\d\\d:\\d\\d:\\d\\d";

    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "frame=127.0.0.1:0", "--listen",
            "irc=127.0.0.1:0", "--listen", "web=127.0.0.1:0", "--history-on-join", "3", "--history-lines", "50");

    private static TextClient lineUser(String stem) throws IOException {
        return server.user(unique(stem));
    }

    private static FrameClient frameUser(String stem) throws IOException {
        return FrameClient.user(server.address("frame"), unique(stem));
    }

    /** A line user in a room of its own, who has said {@code lines} lines there, each seen back. */
    private static TextClient speakerIn(String room, String... lines) throws IOException {
        TextClient speaker = lineUser("speaker");
        speaker.send("/join " + room).skipUntil(Expected.exactly("* you are now in " + room + " (1 user)"));
        for (String line : lines) {
            speaker.send(line).skipUntil(Expected.regex(TIME + " <\\S+> " + line));
        }
        return speaker;
    }

    @Test
    void aLineUserIsShownTheNewestLinesOnJoiningBetweenAHeadingAndAnEnd() throws Exception {
        String room = unique("room");
        try (TextClient speaker = speakerIn(room, "one", "two", "three", "four");
             TextClient joiner = lineUser("joiner")) {
            joiner.send("/join " + room).skipUntil(Expected.exactly("* you are now in " + room + " (2 users)"));
            joiner.expect("* history of " + room + ": 3 lines");
            joiner.expectRegex(TIME + " <speaker\\d+> two");
            joiner.expectRegex(TIME + " <speaker\\d+> three");
            joiner.expectRegex(TIME + " <speaker\\d+> four");
            joiner.expect("* end of history of " + room);
            speaker.send("live");
            joiner.expectRegex(TIME + " <speaker\\d+> live");
        }
    }

    @Test
    void slashHistoryShowsAsManyLinesAsAskedUpToWhatIsKept() throws Exception {
        String room = unique("room");
        try (TextClient speaker = speakerIn(room, "one", "two", "three")) {
            speaker.send("/me waves");
            speaker.skipUntil(Expected.regex(TIME + " \\* speaker\\d+ waves"));
            speaker.send("/history 2").expect("* history of " + room + ": 2 lines");
            speaker.expectRegex(TIME + " <speaker\\d+> three");
            speaker.expectRegex(TIME + " \\* speaker\\d+ waves");
            speaker.expect("* end of history of " + room);
            speaker.send("/history 1000").expect("* history of " + room + ": 4 lines");
            assertThat(speaker.linesThrough(Expected.exactly("* end of history of " + room))).hasSize(5);
            speaker.send("/history 0").expect("! usage: /history [N] (N a number from 1 to 50)");
            speaker.send("/history lots").expect("! usage: /history [N] (N a number from 1 to 50)");
        }
        String empty = unique("room");
        try (TextClient alone = speakerIn(empty)) {
            alone.send("/history").expect("* no history of " + empty);
        }
    }

    @Test
    void aFrameMemberGetsHistoryFramesWithTheIdsTheLinesWereSaidUnderThenAnEnd() throws Exception {
        String room = unique("room");
        try (FrameClient alice = frameUser("alice")) {
            alice.send(ToServer.JOIN, room).expect(ToClient.JOINED, room, alice.nick());
            String[] ids = new String[3];
            for (int i = 0; i < 3; i++) {
                Frame said = alice.send(ToServer.SAY, room, "m" + i).expect(ToClient.MESSAGE, room, alice.nick(), "say",
                        "m" + i);
                ids[i] = said.field(5);
                assertThat(ids[i]).matches("[a-z2-7]{14,}");
            }
            assertThat(ids).doesNotHaveDuplicates();
            alice.send(ToServer.HISTORY, room, "2");
            for (int i = 1; i < 3; i++) {
                Frame line = alice.expect(ToClient.HISTORY, room, alice.nick(), "say", "m" + i);
                assertThat(line.field(5)).isEqualTo(ids[i]);
                assertThat(Long.parseLong(line.field(4))).isPositive();
            }
            alice.expect(ToClient.HISTORY_END, room, "2");
            alice.send(ToServer.HISTORY, room, "5", ids[2]); // a page back from the newest
            alice.expect(ToClient.HISTORY, room, alice.nick(), "say", "m0");
            alice.expect(ToClient.HISTORY, room, alice.nick(), "say", "m1");
            alice.expect(ToClient.HISTORY_END, room, "2");
            alice.send(ToServer.HISTORY, room, "-1").expect(ToClient.ERROR, "bad-frame", null, "HISTORY");
        }
    }

    @Test
    void nonMembersGetNothingOfAnOpenRoomOrOfASecretOrKeyedOne() throws Exception {
        String open = unique("open");
        String secret = unique("secret");
        String keyed = unique("keyed");
        try (TextClient owner = server.registered(unique("owner")); FrameClient outsider = frameUser("outsider");
             TextClient lineOutsider = lineUser("outsider")) {
            owner.send("JOIN #" + open + ",#" + secret + ",#" + keyed);
            owner.skipUntil(Expected.find(" 366 \\S+ #" + keyed + " "));
            owner.send("MODE #" + secret + " +s", "MODE #" + keyed + " +k sesame");
            owner.skipUntil(Expected.find("MODE #" + keyed + " \\+k"));
            for (String room : List.of(open, secret, keyed)) {
                owner.send("PRIVMSG #" + room + " :words in " + room);
            }
            owner.send("PING :said").skipUntil(Expected.find("PONG .*said"));
            for (String room : List.of(open, secret, keyed)) {
                outsider.send(ToServer.HISTORY, room).expect(ToClient.ERROR, "not-in-room", null, "HISTORY");
            }
            outsider.send(ToServer.JOIN, keyed).expect(ToClient.ERROR, "cannot-join", null, "JOIN");
            outsider.send(ToServer.HISTORY, keyed).expect(ToClient.ERROR, "not-in-room", null, "HISTORY");
            lineOutsider.send("/join " + keyed).skipUntil(Expected.find("^! cannot join " + keyed));
            lineOutsider.send("/history");
            List<String> shown = lineOutsider.linesThrough(Expected.regex("\\* (end of|no) history of lobby"));
            assertThat(String.join("\n", shown)).doesNotContain("words in");
            // A member sees the open room's line once it joins: history is the room's, not the sayer's.
            outsider.send(ToServer.JOIN, open).expect(ToClient.JOINED, open, outsider.nick());
            outsider.send(ToServer.HISTORY, open).expect(ToClient.HISTORY, open, null, "say", "words in " + open);
        }
    }

    @Test
    void aWebUserJoiningARoomIsShownItsNewestLinesAsTheBundledPageShowsLines() throws Exception {
        String room = unique("room");
        try (TextClient speaker = speakerIn(room, "seven", "eight");
             WsClient web = WsClient.connect(server.address("web"), "reactor-chat.v1")) {
            web.expectRegex("\\* welcome to reactor-chat, .*");
            web.send("/join " + room);
            web.skipUntil(Expected.exactly("* history of " + room + ": 2 lines"));
            assertThat(web.expectRegex(TIME + " <speaker\\d+> seven")).doesNotContain("\n");
            web.expectRegex(TIME + " <speaker\\d+> eight");
            web.expect(Expected.exactly("* end of history of " + room));
        }
    }

    @Test
    void anIrcClientWithoutCapabilitiesIsPlayedTheNewestLinesAsMessagesLedByTheirTime() throws Exception {
        String room = unique("room");
        try (TextClient speaker = speakerIn(room, "one", "two", "three", "four");
             TextClient irc = server.registered(unique("irc"))) {
            speaker.send("/me waves").skipUntil(Expected.regex(TIME + " \\* speaker\\d+ waves"));
            irc.send("JOIN #" + room).skipUntil(Expected.find(" 366 "));
            String from = ":speaker\\d+!\\S+@" + java.util.regex.Pattern.quote(TestServer.LOOPBACK_CLOAK);
            irc.expectRegex(from + " PRIVMSG #" + room + " :\\[" + TIME + "\\] three");
            irc.expectRegex(from + " PRIVMSG #" + room + " :\\[" + TIME + "\\] four");
            irc.expectRegex(from + " PRIVMSG #" + room + " :\u0001ACTION \\[" + TIME + "\\] waves\u0001");
            irc.send("PING :after").expectFind("PONG .*after");
        }
    }

    @Test
    void anIrcClientWithServerTimeIsPlayedTheLinesAsSaidWithWhenTheyWereSaidInTheTimeTag() throws Exception {
        String room = unique("room");
        String nick = unique("timed");
        try (TextClient speaker = speakerIn(room, "five", "six");
             TextClient irc = server.irc()) {
            irc.send("CAP LS 302", "CAP REQ :server-time message-tags");
            irc.skipUntil(Expected.find(" CAP \\S+ ACK :"));
            irc.send("NICK " + nick, "USER " + nick + " 0 * :Timed", "CAP END");
            irc.skipUntil(Expected.find(" (376|422) " + nick + " "));
            irc.send("JOIN #" + room).skipUntil(Expected.find(" 366 "));
            String tags = "@time=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z;msgid=[a-z2-7]+ ";
            String from = ":speaker\\d+!\\S+@" + java.util.regex.Pattern.quote(TestServer.LOOPBACK_CLOAK);
            irc.expectRegex(tags + from + " PRIVMSG #" + room + " :five");
            irc.expectRegex(tags + from + " PRIVMSG #" + room + " :six");
            irc.send("PING :after").expectFind("PONG .*after");
        }
    }
}
