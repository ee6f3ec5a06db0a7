package reactorchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import reactorchat.codec.Frame;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;
import reactorchat.testing.FrameClient;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** One server password for every chat dialect: without it nothing of the chat is reachable. Real sockets. */
class PasswordTest {
    private static final String[] LOCKED = {"--listen", "frame=127.0.0.1:0", "--password", "s3cret"};

    /** A line user who gave the password, in the lobby, renamed to {@code nick}. */
    private static TextClient lineUser(TestServer server, String nick) throws Exception {
        TextClient client = server.connect();
        client.expect("* welcome to reactor-chat; this server needs a password: /pass PASSWORD");
        client.send("/pass s3cret").expectRegex("\\* welcome to reactor-chat, you are guest-\\d+ in lobby .*");
        client.send("/nick " + nick).expect("* you are now known as " + nick);
        return client;
    }

    @Test
    void aTextClientWithoutThePasswordReachesNothingOfTheChat() throws Exception {
        try (TestServer server = TestServer.start(LOCKED);
             TextClient member = lineUser(server, "member");
             TextClient stranger = server.connect()) {
            stranger.expect("* welcome to reactor-chat; this server needs a password: /pass PASSWORD");
            for (String line : List.of("hello", "/join lobby", "/who", "/rooms", "/nick sneaky", "/msg member hi")) {
                stranger.send(line).expect("! this server needs a password first: /pass PASSWORD");
            }
            member.send("/who").expect("* 1 user in lobby: member");
            stranger.send("/pass wrong");
            assertThat(stranger.expectClosed()).containsExactly("! wrong password, closing");
            member.send("still alone").expectRegex(".* <member> still alone");
        }
    }

    @Test
    void aTextClientGivesThePasswordWithAFirstPassLineAndMayQuitWithout() throws Exception {
        try (TestServer server = TestServer.start(LOCKED);
             TextClient member = lineUser(server, "member");
             TextClient second = lineUser(server, "second");
             TextClient leaving = server.connect()) {
            member.skipUntil(Expected.regex("\\* guest-\\d+ is now known as second"));
            second.send("hi").expectRegex(".* <second> hi");
            member.expectRegex(".* <second> hi");
            leaving.expect("* welcome to reactor-chat; this server needs a password: /pass PASSWORD");
            leaving.send("/quit");
            assertThat(leaving.expectClosed()).containsExactly("* bye");
        }
    }

    @Test
    void aFrameClientGivesThePasswordWithAPassFrameFirst() throws Exception {
        try (TestServer server = TestServer.start(LOCKED);
             TextClient member = lineUser(server, "member");
             FrameClient stranger = FrameClient.connect(server.address("frame"));
             FrameClient guesser = FrameClient.connect(server.address("frame"))) {
            stranger.send(ToServer.JOIN, "lobby")
                    .expect(ToClient.ERROR, "password-required", "this server needs a password: send PASS with it first", "JOIN");
            stranger.send(ToServer.SAY, "lobby", "hello").expect(ToClient.ERROR, "password-required", null, "SAY");
            stranger.send(ToServer.PING, "t").expect(ToClient.PONG, "t");
            Frame welcome = stranger.send(ToServer.PASS, "s3cret").expect(ToClient.WELCOME);
            String nick = welcome.field(2);
            stranger.send(ToServer.JOIN, "lobby").expect(ToClient.JOINED, "lobby", nick);
            member.expect("* " + nick + " joined");

            guesser.send(ToServer.PASS, "wrong");
            assertThat(guesser.expectClosed()).extracting(FrameClient::show)
                    .containsExactly("ERROR[bad-password, wrong password; closing, PASS]");
        }
    }

    @Test
    void withoutAPasswordAPassFrameIsIgnoredAndNothingChanges() throws Exception {
        try (TestServer server = TestServer.start("--listen", "frame=127.0.0.1:0");
             FrameClient client = FrameClient.connect(server.address("frame"))) {
            client.expect(ToClient.WELCOME);
            client.send(ToServer.PASS, "anything").send(ToServer.PING, "t").expect(ToClient.PONG, "t");
        }
    }
}
