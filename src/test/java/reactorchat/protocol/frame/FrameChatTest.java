package reactorchat.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.codec.Frame;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;
import reactorchat.testing.FrameClient;
import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;
import reactorchat.testing.TestServer;

/** The frame dialect's chat over real sockets, with line and irc users in the same chat. */
class FrameChatTest {
    /** How every test user, all on 127.0.0.1, is shown to IRC users: a cloak, not the address. */
    private static final String HOST = TestServer.LOOPBACK_CLOAK;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "frame=127.0.0.1:0", "--listen", "irc=127.0.0.1:0",
            "--max-frame", "2k");
    private static InetSocketAddress frame;

    @BeforeAll
    static void start() throws Exception {
        frame = server.address("frame");
    }

    private static FrameClient user(String stem) throws IOException {
        return FrameClient.user(frame, unique(stem));
    }

    @Test
    void welcomesWithAGuestNickInNoRoom() throws Exception {
        try (FrameClient client = FrameClient.connect(frame)) {
            Frame welcome = client.expect(ToClient.WELCOME);
            assertThat(welcome.fields()).hasSize(3);
            assertThat(welcome.field(0)).isEqualTo("reactor-chat");
            assertThat(welcome.field(1)).isEqualTo("1");
            assertThat(welcome.field(2)).matches("guest-\\d+");
        }
    }

    @Test
    void roomsNicksMessagesAndQuits() throws Exception {
        String room = unique("room");
        try (FrameClient alice = user("alice"); FrameClient bob = user("bob")) {
            alice.send(ToServer.JOIN, "#" + room).expect(ToClient.JOINED, room, alice.nick());
            bob.send(ToServer.JOIN, room).expect(ToClient.JOINED, room, bob.nick());
            alice.expect(ToClient.JOINED, room, bob.nick());

            alice.send(ToServer.SAY, room, "hello ✓");
            Frame heard = bob.expect(ToClient.MESSAGE, room, alice.nick(), "say", "hello ✓");
            assertThat(Long.parseLong(heard.field(4))).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
            alice.expect(ToClient.MESSAGE, room, alice.nick(), "say", "hello ✓");

            alice.send(ToServer.TELL, bob.nick(), "psst");
            Frame received = bob.expect(ToClient.PRIVATE, alice.nick(), bob.nick(), "say", "psst");
            Frame confirmed = alice.expect(ToClient.PRIVATE, alice.nick(), bob.nick(), "say", "psst");
            assertThat(confirmed.field(4)).as("one message, one time").isEqualTo(received.field(4));

            String renamed = unique("carol");
            alice.send(ToServer.NICK, renamed).expect(ToClient.NICK, alice.nick(), renamed);
            bob.expect(ToClient.NICK, alice.nick(), renamed);

            alice.send(ToServer.ROOMS);
            Frame rooms = alice.expect(ToClient.ROOMS);
            int at = rooms.fields().indexOf(room);
            assertThat(at % 2).isZero();
            assertThat(rooms.field(at + 1)).isEqualTo("2");
            alice.send(ToServer.WHO, room);
            assertThat(alice.expect(ToClient.WHO, room).fields()).containsExactlyInAnyOrder(room, renamed, bob.nick());

            bob.send(ToServer.PART, room, "later").expect(ToClient.LEFT, room, bob.nick(), "later");
            alice.expect(ToClient.LEFT, room, bob.nick(), "later");
            bob.send(ToServer.JOIN, room);
            alice.expect(ToClient.JOINED, room, bob.nick());
            bob.send(ToServer.PING, "t1").skipUntil(ToClient.PONG, "t1");
            // In the same write as QUIT, a garbled frame and an oversize one: neither is answered.
            ByteBuffer quit = Frame.of(ToServer.QUIT.code, "lunch").encode();
            byte[] rest = {0, 0, 0, 3, 1, 4, 0, 0, 1, 0, 0};
            byte[] all = new byte[quit.remaining() + rest.length];
            quit.get(all, 0, quit.remaining());
            System.arraycopy(rest, 0, all, all.length - rest.length, rest.length);
            bob.sendRaw(all);
            List<Frame> last = bob.expectClosed();
            assertThat(last).extracting(Frame::type).containsExactly(ToClient.BYE.code);
            assertThat(last.get(0).field(0)).isEqualTo("Quit: lunch");
            alice.expect(ToClient.QUIT, bob.nick(), "Quit: lunch");
        }
    }

    @Test
    void errorsNameTheirCodeAndTheTypeTheyAnswer() throws Exception {
        String room = unique("r");
        try (FrameClient alice = user("alice"); FrameClient bob = user("bob")) {
            alice.send(ToServer.NICK, bob.nick()).expect(ToClient.ERROR, "nick-in-use", null, "NICK");
            alice.send(ToServer.NICK, "9 bad").expect(ToClient.ERROR, "invalid-nick", null, "NICK");
            alice.send(ToServer.JOIN, "no room!").expect(ToClient.ERROR, "invalid-room", null, "JOIN");
            alice.send(ToServer.PART, room).expect(ToClient.ERROR, "not-in-room", null, "PART");
            alice.send(ToServer.SAY, room, "x").expect(ToClient.ERROR, "not-in-room", null, "SAY");
            alice.send(ToServer.TELL, "nobody-here", "x").expect(ToClient.ERROR, "no-such-nick", null, "TELL");
            alice.send(ToServer.WHO, room).expect(ToClient.ERROR, "no-such-room", null, "WHO");
            alice.send(ToServer.SAY, room).expect(ToClient.ERROR, "bad-frame", "SAY needs 2 fields, got 1", "SAY");
            alice.send(Frame.of(0x7F)).expect(ToClient.ERROR, "bad-frame", "unknown type 0x7f", "");
            alice.send(ToServer.PING, "still here").expect(ToClient.PONG, "still here");
        }
    }

    @Test
    void garbledFramesGetAnErrorAndTheConnectionGoesOn() throws Exception {
        try (FrameClient client = user("garbled")) {
            client.sendRaw(new byte[] {0, 0, 0, 2, 1, 0x04}).expect(ToClient.ERROR, "bad-frame", null, "SAY");
            client.sendRaw(new byte[] {0, 0, 0, 4, 9, 0x04, 0, 0}).expect(ToClient.ERROR, "bad-version", null, "SAY");
            client.sendRaw(new byte[] {0, 0, 0, 7, 1, 0x09, 0, 1, 0, 1, (byte) 0xFF})
                    .expect(ToClient.ERROR, "bad-frame", "field 1 is not UTF-8", "PING");
            client.sendRaw(new byte[] {0, 0, 0, 6, 1, 0x09, 0, 1, 0, 9}).expect(ToClient.ERROR, "bad-frame", null, "PING");
            client.sendRaw(new byte[] {0, 0, 0, 0}).expect(ToClient.ERROR, "bad-frame", null, "");
            client.send(ToServer.PING, "alive").expect(ToClient.PONG, "alive");
        }
    }

    @Test
    void aFrameOverMaxFrameGetsAnErrorAndTheConnectionIsClosed() throws Exception {
        try (FrameClient client = user("big"); FrameClient watcher = user("watch")) {
            String room = unique("r");
            client.send(ToServer.JOIN, room);
            watcher.send(ToServer.JOIN, room).expect(ToClient.JOINED, room, watcher.nick());
            client.sendRaw(ByteBuffer.allocate(8).putInt(2049).put(new byte[] {1, 4, 0, 0}).array());
            List<Frame> last = client.expectClosed();
            assertThat(last).extracting(FrameClient::show).anyMatch(s -> s.startsWith("ERROR[frame-too-long, a frame may be at most 2048 bytes"));
            // the two JOINs are on two connections: the watcher may hear of the other one before or after its own
            watcher.skipUntil(ToClient.QUIT, client.nick(), "frame too long");
        }
    }

    @Test
    void textIsCleanedOfControlCharacters() throws Exception {
        String room = unique("r");
        try (FrameClient alice = user("alice"); FrameClient bob = user("bob")) {
            alice.send(ToServer.JOIN, room);
            bob.send(ToServer.JOIN, room).expect(ToClient.JOINED, room, bob.nick());
            alice.send(ToServer.SAY, room, "a\u001b[2Jb\nc\u0000d");
            // alice's JOIN and bob's are on two connections: bob may hear of hers before or after his own
            bob.skipUntil(ToClient.MESSAGE, room, alice.nick(), "say", "a[2Jbcd");
        }
    }

    @Test
    void frameLineAndIrcUsersShareTheChat() throws Exception {
        String lineNick = unique("liner");
        try (FrameClient programme = user("prog"); TextClient line = server.user(lineNick);
             TextClient irc = TextClient.connect(server.address("irc"))) {
            String ircNick = unique("ircer");
            irc.send("NICK " + ircNick).send("USER u 0 * :r").expectRegex("(?s).* 001 .*"); // IRC lines end in CR LF
            irc.send("JOIN #lobby").skipUntil(Expected.regex("(?s).* 366 .*"));
            programme.send(ToServer.JOIN, "lobby").expect(ToClient.JOINED, "lobby", programme.nick());
            line.skipUntil(Expected.exactly("* " + programme.nick() + " joined"));
            irc.expect(":" + programme.nick() + "!guest@" + HOST + " JOIN #lobby\r");

            line.send("from nc");
            programme.expect(ToClient.MESSAGE, "lobby", lineNick, "say", "from nc");
            irc.send("PRIVMSG #lobby :\u0001ACTION waves\u0001");
            programme.expect(ToClient.MESSAGE, "lobby", ircNick, "action", "waves");
            irc.send("NOTICE #lobby :note");
            programme.expect(ToClient.MESSAGE, "lobby", ircNick, "notice", "note");
            programme.send(ToServer.SAY, "lobby", "from a program");
            line.skipUntil(Expected.regex("\\d\\d:\\d\\d:\\d\\d <" + programme.nick() + "> from a program"));
            irc.skipUntil(Expected.exactly(":" + programme.nick() + "!guest@" + HOST + " PRIVMSG #lobby :from a program\r"));
            programme.send(ToServer.TELL, lineNick, "hi line");
            line.expectRegex("\\d\\d:\\d\\d:\\d\\d \\*" + programme.nick() + "\\* hi line");
            line.send("/msg " + programme.nick() + " hi program");
            programme.skipUntil(ToClient.PRIVATE, lineNick, programme.nick(), "say", "hi program");
            String own = unique("ops"); // the irc user creates it, so is its operator
            irc.send("JOIN #" + own).skipUntil(Expected.regex("(?s).* 366 .*"));
            programme.send(ToServer.JOIN, own).expect(ToClient.JOINED, own, programme.nick());
            irc.send("TOPIC #" + own + " :frames welcome");
            programme.expect(ToClient.NOTICE, ircNick + " set the topic of " + own + ": frames welcome");
            irc.send("KICK #" + own + " " + programme.nick() + " :out");
            programme.expect(ToClient.LEFT, own, programme.nick(), "put out by " + ircNick + " (out)");
            line.send("/quit");
            programme.expect(ToClient.QUIT, lineNick, "");
        }
    }
    @Test
    void aSecretRoomAnswersOutsidersAsAMissingOne() throws Exception {
        String secret = unique("hush");
        String missing = unique("none");
        try (FrameClient outsider = user("nosy"); TextClient irc = TextClient.connect(server.address("irc"))) {
            String owner = unique("owner");
            irc.send("NICK " + owner).send("USER u 0 * :r").expectRegex("(?s).* 001 .*");
            irc.send("JOIN #" + secret).skipUntil(Expected.regex("(?s).* 366 .*"));
            irc.send("MODE #" + secret + " +s-n").expectRegex("(?s).* MODE #" + secret + " .*");
            for (ToServer type : List.of(ToServer.SAY, ToServer.WHO, ToServer.PART)) {
                outsider.send(type, missing, "hello").send(ToServer.PING, "sync");
                Frame none = outsider.next();
                outsider.expect(ToClient.PONG, "sync");
                outsider.send(type, secret, "hello").send(ToServer.PING, "sync");
                Frame hidden = outsider.next();
                outsider.expect(ToClient.PONG, "sync");
                assertThat(FrameClient.show(hidden)).as(type.name())
                        .isEqualTo(FrameClient.show(none).replace(missing, secret));
            }
            outsider.send(ToServer.ROOMS).send(ToServer.PING, "sync");
            assertThat(outsider.expect(ToClient.ROOMS).fields()).doesNotContain(secret);
            irc.send("PING :sync");
            assertThat(irc.expectRegex("(?s).*PONG.*")).doesNotContain("hello"); // the owner heard nothing
        }
    }

    @Test
    void bidiControlsNeitherDisguiseAFileNameNorSpillOutOfAMessage() throws Exception {
        String room = unique("rtl");
        try (FrameClient alice = user("alice"); FrameClient bob = user("bob");
             TextClient irc = TextClient.connect(server.address("irc"))) {
            alice.send(ToServer.OFFER, bob.nick(), "invoice\u202Efdp.exe", "3", FrameClient.sha256(new byte[3]));
            bob.expect(ToClient.OFFER, null, alice.nick(), "invoicefdp.exe");
            alice.expect(ToClient.OFFERED, null, bob.nick(), "invoicefdp.exe");
            String ircNick = unique("ircrtl");
            irc.send("NICK " + ircNick).send("USER u 0 * :r").expectRegex("(?s).* 001 .*");
            irc.send("JOIN #" + room).skipUntil(Expected.regex("(?s).* 366 .*"));
            bob.send(ToServer.JOIN, room).expect(ToClient.JOINED, room, bob.nick());
            irc.send("PRIVMSG #" + room + " :\u2067abc\u202Edef\u2028line\u202C\u202C");
            bob.expect(ToClient.MESSAGE, room, ircNick, "say", "\u2067abc\u202Edefline\u202C\u2069");
            irc.send("TOPIC #" + room + " :\u202Ehidden");
            bob.expect(ToClient.NOTICE, ircNick + " set the topic of " + room + ": \u202Ehidden\u202C");
            irc.send("PART #" + room + " :\u202Ebye");
            bob.expect(ToClient.LEFT, room, ircNick, "\u202Ebye\u202C");
        }
    }
    @Test
    void errorsRepeatAtMostAnExcerptOfWhatWasSent() throws Exception {
        String huge = "n".repeat(1_500); // as long as this server's --max-frame allows
        try (FrameClient alice = user("echo"); TextClient line = server.user(unique("echol"))) {
            alice.send(ToServer.NICK, huge);
            assertThat(alice.expect(ToClient.ERROR, "invalid-nick").field(1)).hasSize(201).endsWith("n\u2026");
            line.send("/nick " + "n".repeat(4000));
            assertThat(line.expectRegex("! invalid nick: .*")).hasSize(2 + 201).endsWith("n\u2026");
        }
    }
}
