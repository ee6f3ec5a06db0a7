package reactorchat.protocol.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import reactorchat.testing.ClientSocket;
import reactorchat.testing.RawWebSocket;
import reactorchat.testing.TestServer;

/**
 * The web listener behind a reverse proxy: X-Forwarded-For names the client when the request
 * comes from a proxy in --proxy-from, and then the user the WebSocket becomes has that address;
 * from anyone else the header is ignored.
 */
class WebBehindAProxyTest {
    @Test
    void aTrustedProxysForwardedForIsTheUsersAddress() throws Exception {
        try (TestServer server = TestServer.start("--listen", "web=127.0.0.1:0", "--proxy-from", "127.0.0.1")) {
            assertThat(whois(server.address("web"), "X-Forwarded-For: 6.6.6.6, 192.0.2.200\r\n", "wtrusted"))
                    .as("the entry the client wrote itself is passed over")
                    .containsExactly("is connecting from *@192.0.2.200 192.0.2.200");
        }
    }

    @Test
    void anyoneElsesForwardedForIsIgnored() throws Exception {
        try (TestServer server = TestServer.start("--listen", "web=127.0.0.1:0", "--proxy-from", "10.0.0.0/8")) {
            assertThat(whois(server.address("web"), "X-Forwarded-For: 192.0.2.200\r\n", "wuntrusted"))
                    .containsExactly("is connecting from *@127.0.0.1 127.0.0.1");
        }
    }

    @Test
    void theForwardedAddressIsHeldToMaxPerAddressAndTheProxysIsNot() throws Exception {
        try (TestServer server = TestServer.start("--listen", "web=127.0.0.1:0", "--proxy-from", "127.0.0.1",
                "--max-per-address", "1");
             Socket first = ClientSocket.raw(server.address("web"));
             Socket second = ClientSocket.raw(server.address("web"));
             Socket other = ClientSocket.raw(server.address("web"))) {
            InetSocketAddress web = server.address("web");
            assertThat(RawWebSocket.head(first, request(web, "192.0.2.30"))).startsWith("HTTP/1.1 101 ");
            assertThat(RawWebSocket.head(second, request(web, "192.0.2.30"))).startsWith("HTTP/1.1 503 ");
            assertThat(RawWebSocket.head(other, request(web, "192.0.2.31"))).startsWith("HTTP/1.1 101 ");
        }
    }

    private static String request(InetSocketAddress web, String client) {
        return RawWebSocket.request(web, "text.ircv3.net", "X-Forwarded-For: " + client + "\r\n");
    }

    /** What a user registered over a WebSocket opened with {@code headers} is told of their own address in WHOIS. */
    private static List<String> whois(InetSocketAddress web, String headers, String nick) throws Exception {
        Socket socket = ClientSocket.raw(web);
        assertThat(RawWebSocket.head(socket, RawWebSocket.request(web, "text.ircv3.net", headers)))
                .startsWith("HTTP/1.1 101 ");
        try (RawWebSocket ws = RawWebSocket.upgraded(socket)) {
            ws.text("NICK " + nick).text("USER " + nick + " 0 * :Real").text("WHOIS " + nick);
            List<String> addresses = new ArrayList<>();
            for (String line = ""; !line.contains(" 318 "); ) {
                line = ws.readUntil(0x1).text();
                if (line.contains(" 378 ")) {
                    addresses.add(line.substring(line.indexOf(':', 1) + 1));
                }
            }
            return addresses;
        }
    }
}
