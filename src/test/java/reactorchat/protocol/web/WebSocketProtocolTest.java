package reactorchat.protocol.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.codec.WebSocketFrames;
import reactorchat.testing.ClientSocket;
import reactorchat.testing.RawWebSocket;
import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;

/** What the JDK's client will not send, sent byte by byte: each breach of RFC 6455 and its close code. */
class WebSocketProtocolTest {
    @RegisterExtension
    final ServerExtension server = ServerExtension.with("--listen", "web=127.0.0.1:0", "--max-ws-message", "1k",
            "--ws-origin", "https://chat.example.org", "--web-host", "Chat.Example.NET");
    private InetSocketAddress web;

    @BeforeEach
    void start() {
        web = server.address("web");
    }

    /** A line-dialect WebSocket, its welcome read. */
    private RawWebSocket chat() throws Exception {
        RawWebSocket socket = RawWebSocket.open(web, "reactor-chat.v1");
        assertThat(socket.read().text()).startsWith("* welcome to reactor-chat");
        return socket;
    }

    private static void expectClose(RawWebSocket socket, int code) throws Exception {
        RawWebSocket.Frame close = socket.readUntil(WebSocketFrames.CLOSE);
        assertThat(close.closeCode()).isEqualTo(code);
        assertThat(socket.closedByServer()).as("TCP closed after the close frame").isTrue();
    }

    @Test
    void anUnmaskedFrameIsAProtocolError() throws Exception {
        try (RawWebSocket socket = chat()) {
            socket.frame(true, WebSocketFrames.TEXT, "bare".getBytes(StandardCharsets.UTF_8), false);
            expectClose(socket, WebSocketFrames.PROTOCOL_ERROR);
        }
    }

    @Test
    void textThatIsNotUtf8Closes1007() throws Exception {
        try (RawWebSocket socket = chat()) {
            socket.frame(true, WebSocketFrames.TEXT, new byte[] {'a', (byte) 0xFF, 'b'}, true);
            expectClose(socket, WebSocketFrames.BAD_DATA);
        }
    }

    @Test
    void aMessageOverMaxWsMessageCloses1009EvenInFragments() throws Exception {
        try (RawWebSocket socket = chat()) {
            socket.frame(true, WebSocketFrames.TEXT, new byte[1025], true);
            expectClose(socket, WebSocketFrames.TOO_BIG);
        }
        try (RawWebSocket socket = chat()) {
            for (int i = 0; i < 3; i++) {
                socket.frame(false, i == 0 ? WebSocketFrames.TEXT : WebSocketFrames.CONTINUATION, new byte[400], true);
            }
            expectClose(socket, WebSocketFrames.TOO_BIG);
        }
    }

    @Test
    void aFragmentedMessageWithAPingBetweenItsFragmentsArrivesWhole() throws Exception {
        try (TextClient bob = server.user("bob"); RawWebSocket socket = chat()) {
            socket.text("/nick frag");
            assertThat(socket.read().text()).isEqualTo("* you are now known as frag");
            socket.frame(false, WebSocketFrames.TEXT, "hel".getBytes(StandardCharsets.UTF_8), true);
            socket.frame(true, WebSocketFrames.PING, "between".getBytes(StandardCharsets.UTF_8), true);
            socket.frame(true, WebSocketFrames.CONTINUATION, "lo".getBytes(StandardCharsets.UTF_8), true);
            List<String> seen = new ArrayList<>();
            while (seen.size() < 2) {
                RawWebSocket.Frame frame = socket.read();
                seen.add(frame.opcode() == WebSocketFrames.PONG ? "pong " + frame.text() : frame.text());
            }
            assertThat(seen).contains("pong between").anyMatch(text -> text.matches("\\d\\d:\\d\\d:\\d\\d <frag> hello"));
            bob.skipUntil(TextClient.Expected.regex("\\d\\d:\\d\\d:\\d\\d <frag> hello"));
        }
    }

    @Test
    void theIrcSubprotocolsSpeakInTheirFrameType() throws Exception {
        for (String protocol : List.of("binary.ircv3.net", "text.ircv3.net")) {
            try (RawWebSocket socket = RawWebSocket.open(web, protocol)) {
                String nick = protocol.startsWith("b") ? "bin" : "txt";
                int opcode = protocol.startsWith("b") ? WebSocketFrames.BINARY : WebSocketFrames.TEXT;
                socket.frame(true, opcode, ("NICK " + nick).getBytes(StandardCharsets.UTF_8), true);
                socket.frame(true, opcode, ("USER " + nick + " 0 * :" + nick).getBytes(StandardCharsets.UTF_8), true);
                RawWebSocket.Frame first = socket.read();
                assertThat(first.opcode()).as(protocol).isEqualTo(opcode);
                assertThat(first.text()).contains(" 001 " + nick + " ").doesNotEndWith("\n");
            }
        }
    }

    @Test
    void theCloseHandshakeEndsWithTheServerClosingTcp() throws Exception {
        try (RawWebSocket socket = chat()) {
            socket.frame(true, WebSocketFrames.CLOSE, new byte[] {0x0F, (byte) 0xA0}, true); // 4000, an application's code
            expectClose(socket, 4000);
        }
    }

    @Test
    void aPageFromAnotherOriginIsRefusedBeforeTheUpgrade() throws Exception {
        String host = web.getHostString() + ":" + web.getPort();
        try (Socket socket = ClientSocket.raw(web)) {
            String head = RawWebSocket.head(socket, RawWebSocket.request(web, null, "Origin: https://evil.example\r\n"));
            assertThat(head).startsWith("HTTP/1.1 403 ");
        }
        for (String allowed : List.of("http://" + host, "https://chat.example.org", "https://CHAT.example.org:443")) {
            try (Socket socket = ClientSocket.raw(web)) {
                String head = RawWebSocket.head(socket, RawWebSocket.request(web, null, "Origin: " + allowed + "\r\n"));
                assertThat(head).as(allowed).startsWith("HTTP/1.1 101 ")
                        .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"); // RFC 6455's own example
            }
        }
    }

    /** What a handshake naming {@code host} in Host, from a page of {@code origin}, is answered. */
    private String handshakeAs(String host, String origin) throws Exception {
        try (Socket socket = ClientSocket.raw(web)) {
            String request = RawWebSocket.request(web, null, "Origin: " + origin + "\r\n")
                    .replace("Host: " + web.getHostString() + ":" + web.getPort() + "\r\n", "Host: " + host + "\r\n");
            return RawWebSocket.head(socket, request);
        }
    }

    /** DNS rebinding: a page of another site whose name now points here sends its own name as Origin and Host. */
    @Test
    void aPageWhoseHostIsNotThisListenersNameIsRefusedThoughOriginAndHostMatch() throws Exception {
        int port = web.getPort();
        assertThat(handshakeAs("evil.example:" + port, "http://evil.example:" + port)).startsWith("HTTP/1.1 403 ");
        assertThat(handshakeAs("127.0.0.2:" + port, "http://127.0.0.2:" + port)).startsWith("HTTP/1.1 403 ");
        assertThat(handshakeAs("127.0.0.1:" + port, "http://127.0.0.1:" + port)).startsWith("HTTP/1.1 101 ");
        assertThat(handshakeAs("localhost:" + port, "http://localhost:" + port)).startsWith("HTTP/1.1 101 ");
        assertThat(handshakeAs("chat.example.net", "https://chat.example.net")).as("--web-host, behind a proxy")
                .startsWith("HTTP/1.1 101 ");
        assertThat(handshakeAs("chat.example.net", "https://evil.example")).startsWith("HTTP/1.1 403 ");
    }

    @Test
    void onlyKnownSubprotocolsAreAccepted() throws Exception {
        try (Socket socket = ClientSocket.raw(web)) {
            assertThat(RawWebSocket.head(socket, RawWebSocket.request(web, "mqtt, wamp", ""))).startsWith("HTTP/1.1 400 ");
        }
        try (Socket socket = ClientSocket.raw(web)) {
            assertThat(RawWebSocket.head(socket, RawWebSocket.request(web, "mqtt, reactor-chat.v1, text.ircv3.net", "")))
                    .startsWith("HTTP/1.1 101 ").contains("Sec-WebSocket-Protocol: reactor-chat.v1\r\n");
        }
    }

    @Test
    void aHandshakeWithoutVersion13IsAskedToUpgrade() throws Exception {
        try (Socket socket = ClientSocket.raw(web)) {
            String request = RawWebSocket.request(web, null, "").replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");
            assertThat(RawWebSocket.head(socket, request)).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13\r\n");
        }
    }
}
