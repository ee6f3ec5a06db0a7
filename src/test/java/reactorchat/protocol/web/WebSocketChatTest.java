package reactorchat.protocol.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.RawWebSocket;
import reactorchat.testing.ServerExtension;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.WsClient;

/** The web dialect's WebSockets, opened by the JDK's own client, in the same rooms as line users. */
class WebSocketChatTest {
    @RegisterExtension
    final ServerExtension server = ServerExtension.with("--listen", "web=127.0.0.1:0");

    private WsClient chatUser(String nick) throws Exception {
        return chatUser(server.get(), nick);
    }

    private static WsClient chatUser(TestServer on, String nick) throws Exception {
        WsClient web = WsClient.connect(on.address("web"), "reactor-chat.v1");
        assertThat(web.subprotocol()).isEqualTo("reactor-chat.v1");
        web.expectRegex("\\* welcome to reactor-chat, you are guest-\\d+ in lobby \\(\\d+ users?\\); /help lists the commands");
        web.send("/nick " + nick).skipUntil(TextClient.Expected.exactly("* you are now known as " + nick));
        return web;
    }

    @Test
    void aWebUserAndALineUserChatBothWays() throws Exception {
        try (TextClient bob = server.user("bob"); WsClient wendy = chatUser("wendy")) {
            bob.skipUntil(TextClient.Expected.regex("\\* guest-\\d+ is now known as wendy"));
            wendy.send("hello from the browser");
            bob.expectRegex("\\d\\d:\\d\\d:\\d\\d <wendy> hello from the browser");
            bob.send("hi, web");
            String line = wendy.skipUntilFind("<bob> hi, web");
            assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d <bob> hi, web"); // one line per message, no LF
        }
    }

    @Test
    void anIrcClientGivenABareWsAddressOpensItsWebSocketAtTheRoot() throws Exception {
        try (WsClient ivy = WsClient.connectAt(server.address("web"), "/", "text.ircv3.net")) {
            assertThat(ivy.subprotocol()).isEqualTo("text.ircv3.net");
            ivy.send("NICK rooted", "USER rooted 0 * :Rooted");
            ivy.skipUntilFind(" 001 rooted ");
        }
    }

    @Test
    void anIrcClientOverWebSocketRegistersAndChats() throws Exception {
        try (TextClient bob = server.user("bob"); WsClient ivy = WsClient.connect(server.address("web"), "text.ircv3.net")) {
            assertThat(ivy.subprotocol()).isEqualTo("text.ircv3.net");
            ivy.send("NICK ivy", "USER ivy 0 * :Ivy");
            String welcome = ivy.skipUntilFind(" 001 ivy ");
            assertThat(welcome).doesNotContain("\r").doesNotContain("\n");
            ivy.skipUntilFind(" (376|422) ivy ");
            ivy.send("JOIN #lobby");
            ivy.skipUntilFind(" 366 ivy #lobby ");
            bob.skipUntil(TextClient.Expected.exactly("* ivy joined"));
            ivy.send("PRIVMSG #lobby :hello from irc");
            bob.expectRegex("\\d\\d:\\d\\d:\\d\\d <ivy> hello from irc");
            bob.send("hi, ivy");
            assertThat(ivy.skipUntilFind("PRIVMSG #lobby :hi, ivy")).startsWith(":bob!");
        }
    }

    @Test
    void aClientThatOffersNoSubprotocolSpeaksIrc() throws Exception {
        try (WsClient kiwi = WsClient.connect(server.address("web"))) {
            assertThat(kiwi.subprotocol()).isEmpty();
            kiwi.send("NICK kiwi", "USER kiwi 0 * :Kiwi");
            kiwi.skipUntilFind(" 001 kiwi ");
        }
    }

    @Test
    void aPingIsAnsweredWithItsPayload() throws Exception {
        try (WsClient wendy = chatUser("wendy")) {
            wendy.ping("are you there");
            Object next = wendy.next();
            assertThat(next).isInstanceOf(WsClient.Pong.class);
            assertThat(StandardCharsets.UTF_8.decode(((WsClient.Pong) next).payload()).toString()).isEqualTo("are you there");
        }
    }

    @Test
    void theCloseHandshakeEchoesTheCodeAndTheUserQuits() throws Exception {
        try (TextClient bob = server.user("bob"); WsClient wendy = chatUser("wendy")) {
            bob.skipUntil(TextClient.Expected.regex("\\* guest-\\d+ is now known as wendy"));
            wendy.sendClose(1000, "bye");
            assertThat(wendy.expectClosed().code()).isEqualTo(1000);
            bob.expect("* wendy quit (connection closed)");
        }
    }

    @Test
    void anIdleWebSocketIsToldAndClosedAsAnyConnection() throws Exception {
        try (TestServer idle = TestServer.start("--listen", "web=127.0.0.1:0",
                "--idle-timeout", "1");
             WsClient wendy = WsClient.connect(idle.address("web"), "reactor-chat.v1")) {
            wendy.expectRegex("\\* welcome to reactor-chat, .*");
            wendy.expect(TextClient.Expected.exactly("! idle for 1 seconds, closing"));
            assertThat(wendy.expectClosed().code()).isEqualTo(1000);
        }
    }

    @Test
    void withAPasswordBothSubprotocolsAskForIt() throws Exception {
        try (TestServer locked = TestServer.start("--listen", "web=127.0.0.1:0", "--password", "s3cret");
             WsClient page = WsClient.connect(locked.address("web"), "reactor-chat.v1");
             WsClient irc = WsClient.connect(locked.address("web"), "text.ircv3.net")) {
            page.expect(TextClient.Expected.exactly("* welcome to reactor-chat; this server needs a password: /pass PASSWORD"));
            page.send("/pass s3cret");
            page.expectRegex("\\* welcome to reactor-chat, you are guest-\\d+ in lobby .*");
            irc.send("PASS s3cret", "NICK ivy", "USER ivy 0 * :Ivy");
            irc.skipUntilFind(" 001 ivy ");
        }
    }

    @Test
    void aWrongPasswordClosesWith1008SoThatTheClientStopsTrying() throws Exception {
        try (TestServer locked = TestServer.start("--listen", "web=127.0.0.1:0", "--password", "s3cret");
             WsClient page = WsClient.connect(locked.address("web"), "reactor-chat.v1");
             WsClient irc = WsClient.connect(locked.address("web"), "text.ircv3.net")) {
            page.expectRegex("\\* welcome to reactor-chat; .*");
            page.send("/pass guess");
            page.expect(TextClient.Expected.exactly("! wrong password, closing"));
            assertThat(page.expectClosed()).isEqualTo(new WsClient.Closed(1008, "wrong password"));
            irc.send("PASS guess", "NICK ivy", "USER ivy 0 * :Ivy");
            irc.skipUntilFind("^ERROR :Closing Link: .*\\(Bad password\\)");
            assertThat(irc.expectClosed()).isEqualTo(new WsClient.Closed(1008, "Bad password"));
        }
    }

    @Test
    void aKilledWebUserIsToldWhoByWith1008() throws Exception {
        try (TestServer opers = TestServer.start("--listen", "web=127.0.0.1:0", "--listen", "irc=127.0.0.1:0",
                "--irc-oper", "boss:hunter2");
             WsClient wendy = chatUser(opers, "wendy");
             TextClient boss = opers.registered("boss")) {
            boss.send("OPER boss hunter2").skipUntil(TextClient.Expected.find(" 381 boss "));
            boss.send("KILL wendy :go away");
            wendy.skipUntilFind("^! disconnected by boss \\(go away\\), closing$");
            assertThat(wendy.expectClosed()).isEqualTo(new WsClient.Closed(1008, "killed by boss"));
        }
    }

    @Test
    void floodControlCountsEachMessageAsALine() throws Exception {
        try (TestServer strict = TestServer.start("--listen", "web=127.0.0.1:0", "--flood-rate", "1",
                "--flood-burst", "2", "--flood-timeout", "1");
             WsClient flooder = WsClient.connect(strict.address("web"), "reactor-chat.v1")) {
            flooder.expectRegex("\\* welcome to reactor-chat, .*");
            for (int i = 0; i < 30; i++) {
                flooder.send("line " + i);
            }
            flooder.skipUntil(TextClient.Expected.exactly("! excess flood: more than 1 lines a second for 1 seconds, closing"));
            assertThat(flooder.expectClosed().code()).isEqualTo(1000);
        }
    }

    @Test
    void aWebSocketThatDoesNotReadIsCutAsASlowConsumer() throws Exception {
        try (TestServer tight = TestServer.start("--listen", "web=127.0.0.1:0", "--max-outbound", "64k",
                "--soft-outbound", "0", "--socket-send-buffer", "4k");
             TextClient bob = TextClient.connect(tight.address("line"));
             RawWebSocket slow = RawWebSocket.openWithReceiveBuffer(tight.address("web"), "reactor-chat.v1", 4096)) {
            slow.text("/nick slowpoke");
            bob.skipUntil(TextClient.Expected.exactly("* guest-2 is now known as slowpoke"));
            // Bob reads the echo of each line before the next, so that only slowpoke falls behind.
            String big = "x".repeat(4000);
            List<String> heard = new ArrayList<>();
            for (int i = 0; i < 60 && heard.stream().noneMatch(line -> line.startsWith("* slowpoke quit")); i++) {
                heard.addAll(bob.send(big).linesThrough(TextClient.Expected.find("<guest-1> x")));
            }
            assertThat(heard).anyMatch(line -> line.matches("\\* slowpoke quit \\(slow consumer: .*\\)"));
        }
    }

    @Test
    void theServerSaysGoodbyeWithACloseFrame() throws Exception {
        try (WsClient wendy = chatUser("wendy")) {
            wendy.send("/quit lunch");
            wendy.expect(TextClient.Expected.exactly("* bye"));
            assertThat(wendy.expectClosed().code()).isEqualTo(1000);
        }
    }
}
