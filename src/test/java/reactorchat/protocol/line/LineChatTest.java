package reactorchat.protocol.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** The line dialect's chat, over real sockets: rooms, nicks, private messages, errors. */
class LineChatTest {
    private static final String TIME = "\\d\\d:\\d\\d:\\d\\d";

    @RegisterExtension
    final ServerExtension server = ServerExtension.with();

    private TextClient user(String nick) throws Exception {
        return server.user(nick);
    }

    @Test
    void greetsANewcomerAndTellsTheRoom() throws Exception {
        try (TextClient first = server.connect(); TextClient second = server.connect()) {
            first.expect("* welcome to reactor-chat, you are guest-1 in lobby (1 user); /help lists the commands");
            second.expect("* welcome to reactor-chat, you are guest-2 in lobby (2 users); /help lists the commands");
            first.expect("* guest-2 joined");
        }
    }

    @Test
    void aLineGoesToEveryoneInTheRoomSenderIncludedWithTimeAndNick() throws Exception {
        try (TextClient alice = user("alice"); TextClient bob = user("bob"); TextClient carol = user("carol")) {
            alice.send("hello, room");
            for (TextClient client : List.of(alice, bob, carol)) {
                client.skipUntil(Expected.regex(TIME + " <alice> hello, room"));
            }
            bob.send("//slash is not a command");
            alice.expectRegex(TIME + " <bob> /slash is not a command");
        }
    }

    @Test
    void linesFromOneSenderArriveInOrder() throws Exception {
        try (TextClient alice = user("alice"); TextClient bob = user("bob")) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                batch.append("line ").append(i).append('\n');
            }
            alice.sendRaw(batch.toString().getBytes());
            for (int i = 0; i < 500; i++) {
                assertThat(bob.expectRegex(TIME + " <alice> line \\d+")).endsWith("<alice> line " + i);
            }
        }
    }

    @Test
    void nicksMustBeValidAndUniqueIgnoringCase() throws Exception {
        try (TextClient alice = user("alice"); TextClient other = user("other")) {
            other.send("/nick ALICE").expect("! nick in use: ALICE");
            other.send("/nick bad.nick").expect("! invalid nick: bad.nick (1-32 of letters, digits and -_[]\\{}|^)");
            other.send("/nick " + "n".repeat(33)).expectRegex("! invalid nick: n{33} .*");
            other.send("/nick").expect("! usage: /nick NAME");
            other.send("/nick other").expect("* you are already other");
            alice.send("/nick Alice").skipUntil(Expected.exactly("* you are now known as Alice"));
            other.expect("* alice is now known as Alice");
            other.send("/nick [x]{y}|^_-9").expect("* you are now known as [x]{y}|^_-9");
            alice.expect("* other is now known as [x]{y}|^_-9");
        }
    }

    @Test
    void joinMovesAUserBetweenRooms() throws Exception {
        try (TextClient alice = user("alice"); TextClient bob = user("bob")) {
            alice.send("/join dev").skipUntil(Expected.exactly("* you are now in dev (1 user)"));
            bob.expect("* alice left");
            bob.send("/join #DEV").expect("* you are now in dev (2 users)");
            alice.expect("* bob joined");
            alice.send("/join dev").expect("* you are already in dev");
            alice.send("/join bad room").expect("! invalid room name: bad room (1-32 of letters, digits and -_.[]\\{}|^~)");

            bob.send("in dev");
            alice.expectRegex(TIME + " <bob> in dev");
            alice.send("/join lobby").expect("* you are now in lobby (1 user)");
            bob.skipUntil(Expected.exactly("* alice left"));
            bob.send("only bob hears this");
            bob.expectRegex(TIME + " <bob> only bob hears this");
            alice.send("/who").expect("* 1 user in lobby: alice");
        }
    }

    @Test
    void roomsAndWhoListWhatExists() throws Exception {
        try (TextClient alice = user("alice"); TextClient bob = user("bob"); TextClient carol = user("carol")) {
            carol.send("/join zoo").expect("* you are now in zoo (1 user)");
            alice.send("/rooms");
            alice.skipUntil(Expected.exactly("* 2 rooms:"));
            alice.expect("*   lobby (2 users)");
            alice.expect("*   zoo (1 user)");
            alice.send("/who").expect("* 2 users in lobby: alice, bob");
            alice.send("/who zoo").expect("* 1 user in zoo: carol");
            alice.send("/who nowhere").expect("! no such room: nowhere");
            carol.send("/join lobby").expect("* you are now in lobby (3 users)");
            alice.send("/rooms").skipUntil(Expected.exactly("* 1 room:"));
            alice.expect("*   lobby (3 users)");
        }
    }

    @Test
    void whoSplitsABigRoomIntoLines() throws Exception {
        try (TextClient watcher = user("watcher")) {
            List<TextClient> crowd = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 24; i++) {
                    crowd.add(user("u" + i));
                }
                watcher.send("/who");
                String first = watcher.skipUntil(Expected.regex("\\* 25 users in lobby: .*"));
                assertThat(first.split(", ")).hasSize(20);
                assertThat(watcher.nextLine()).isEqualTo("*   u19, u20, u21, u22, u23");
            } finally {
                for (TextClient client : crowd) {
                    client.close();
                }
            }
        }
    }

    @Test
    void privateMessagesReachOnlyTheirTarget() throws Exception {
        try (TextClient alice = user("alice"); TextClient bob = user("bob"); TextClient carol = user("carol")) {
            alice.send("/msg BOB meet me at noon");
            bob.skipUntil(Expected.regex(TIME + " \\*alice\\* meet me at noon"));
            alice.skipUntil(Expected.regex(TIME + " -> \\*bob\\* meet me at noon"));
            alice.send("/msg nobody hello").expect("! no such nick: nobody");
            alice.send("/msg bob").expect("! usage: /msg NICK text");
            // carol saw none of it: the next thing she sees is this
            alice.send("public");
            assertThat(carol.expectRegex(TIME + " <.*")).endsWith("<alice> public");
        }
    }

    @Test
    void meSaysAnAction() throws Exception {
        try (TextClient alice = user("alice"); TextClient bob = user("bob")) {
            alice.send("/me waves");
            bob.expectRegex(TIME + " \\* alice waves");
            alice.send("/me").skipUntil(Expected.exactly("! usage: /me action"));
        }
    }

    @Test
    void unknownCommandsGetAnErrorAndTheConnectionStays() throws Exception {
        try (TextClient alice = user("alice")) {
            alice.send("/foo bar").expect("! unknown command /foo, try /help");
            alice.send("/HELP");
            alice.expect("* type a line to say it to your room; //text says a line that starts with /");
            alice.skipUntil(Expected.regex("\\*   /quit \\[reason\\] +leave the chat"));
            alice.send("still here");
            alice.skipUntil(Expected.regex(TIME + " <alice> still here"));
        }
    }

    @Test
    void quitTellsTheRoomFlushesAndCloses() throws Exception {
        try (TextClient alice = user("alice"); TextClient bob = user("bob")) {
            // Found by LineFuzzTest's author: an over-long line after /quit in the same read was still answered.
            alice.send("/quit gone fishing\nthis line is never said\n" + "x".repeat(5000));
            List<String> last = alice.expectClosed();
            assertThat(last).endsWith("* bye");
            assertThat(last).noneMatch(line -> line.contains("never said") || line.contains("too long"));
            bob.expect("* alice quit (Quit: gone fishing)");
            bob.send("/who").expect("* 1 user in lobby: bob");
        }
    }

    @Test
    void aDroppedConnectionIsToldToTheRoom() throws Exception {
        try (TextClient alice = user("alice"); TextClient bob = user("bob")) {
            alice.close();
            bob.expect("* alice quit (connection closed)");
        }
    }
}
