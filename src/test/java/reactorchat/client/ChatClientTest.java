package reactorchat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** The interactive client against the real server over real sockets; typing and the screen are streams. */
class ChatClientTest {
    private final Terminal terminal = new Terminal();

    @AfterEach
    void stop() throws IOException {
        terminal.close();
    }

    @Test
    void typedLinesGoToTheRoomAndTheRoomsLinesArePrinted() throws Exception {
        try (TestServer server = TestServer.start(); TextClient bob = server.user("bob")) {
            Future<Integer> client = terminal.start("--nick", "alice", target(server));
            terminal.screen.await("* you are now known as alice");
            bob.skipUntil(Expected.exactly("* guest-2 is now known as alice"));
            terminal.type("hello bob\n");
            bob.expectRegex("\\d\\d:\\d\\d:\\d\\d <alice> hello bob");
            bob.send("hi alice");
            terminal.screen.await("<bob> hi alice");
            terminal.endInput();
            assertThat(client.get(10, TimeUnit.SECONDS)).isEqualTo(Client.OK);
            assertThat(terminal.screen.text()).endsWith("* bye" + System.lineSeparator());
            bob.skipUntil(Expected.regex("\\* alice quit.*"));
            assertThat(terminal.errors.text()).isEmpty();
        }
    }

    @Test
    void endOfInputFinishesAnUnendedLineThenQuits() throws Exception {
        try (TestServer server = TestServer.start(); TextClient bob = server.user("bob")) {
            Future<Integer> client = terminal.start("--nick", "alice", target(server));
            bob.skipUntil(Expected.exactly("* guest-2 is now known as alice"));
            terminal.type("last words");
            terminal.endInput();
            bob.expectRegex("\\d\\d:\\d\\d:\\d\\d <alice> last words");
            bob.expectRegex("\\* alice quit.*");
            assertThat(client.get(10, TimeUnit.SECONDS)).isEqualTo(Client.OK);
        }
    }

    @Test
    void theServerClosingEndsTheClientCleanly() throws Exception {
        Future<Integer> client;
        try (TestServer server = TestServer.start()) {
            client = terminal.start(target(server));
            terminal.screen.await("* welcome to reactor-chat");
        }
        assertThat(client.get(10, TimeUnit.SECONDS)).isEqualTo(Client.OK);
        assertThat(terminal.screen.text()).contains("* server shutting down");
    }

    @Test
    void aRefusedConnectionIsOneLineAndStatusOne() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Future<Integer> client = terminal.start("127.0.0.1:" + port);
        assertThat(client.get(10, TimeUnit.SECONDS)).isEqualTo(Client.FAILED);
        assertThat(terminal.errors.text()).matches("reactor-chat client: cannot connect to 127\\.0\\.0\\.1:" + port + ": .*\\R")
                .doesNotContain("Exception");
    }

    @Test
    void escapeSequencesFromTheServerNeverReachTheTerminal() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<Integer> client = terminal.start("127.0.0.1:" + fake.getLocalPort());
            try (Socket peer = fake.accept()) {
                OutputStream to = peer.getOutputStream();
                to.write("\u001b]0;owned\u0007\u001b[2Jplain\r\nnext\n".getBytes(StandardCharsets.UTF_8));
                to.flush();
                terminal.screen.await("next");
            }
            assertThat(client.get(10, TimeUnit.SECONDS)).isEqualTo(Client.OK);
            assertThat(terminal.screen.text()).isEqualTo("]0;owned[2Jplain" + System.lineSeparator() + "next" + System.lineSeparator());
        }
    }

    @Test
    void aServerThatIgnoresQuitIsClosedAfterAGraceTime() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<Integer> client = terminal.start("127.0.0.1:" + fake.getLocalPort());
            try (Socket peer = fake.accept()) {
                terminal.endInput();
                byte[] quit = peer.getInputStream().readNBytes(6);
                assertThat(new String(quit, StandardCharsets.UTF_8)).isEqualTo("/quit\n");
                assertThat(client.get(15, TimeUnit.SECONDS)).isEqualTo(Client.OK);
            }
        }
    }


    private static String target(TestServer server) {
        InetSocketAddress address = server.address("line");
        return "127.0.0.1:" + address.getPort();
    }
}
