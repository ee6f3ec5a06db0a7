package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.ClientSocket;
import reactorchat.testing.ServerExtension;
import reactorchat.testing.TestCertificates;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/**
 * IRC clients behind a proxy that sends the PROXY protocol: after the header, the server knows a
 * user by the client's address, not the proxy's: the cloak others see, the address the user and
 * operators see in WHOIS, and --max-per-address. A header from a peer not in --proxy-from changes
 * nothing: the peer is refused.
 */
class BehindAProxyTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0?proxy",
            "--proxy-from", "127.0.0.0/8", "--max-per-address", "1", "--irc-oper", "admin:s3cret");

    @TempDir
    static Path dir;

    private static String v1(String client) {
        return "PROXY TCP4 " + client + " 127.0.0.1 40000 6667\r\n";
    }

    /** An IRC client that came through the proxy with {@code header}, registered as {@code nick}. */
    private static TextClient registered(String header, String nick) throws Exception {
        TextClient client = TextClient.connectCrlf(server.address("irc"));
        client.sendRaw(header.getBytes(StandardCharsets.US_ASCII));
        client.send("NICK " + nick, "USER " + nick + " 0 * :Real " + nick);
        client.skipUntil(Expected.find(" (376|422) " + nick + " "));
        return client;
    }

    @Test
    void othersSeeTheCloakOfTheClientsAddressAndOperatorsTheAddress() throws Exception {
        String chan = "#" + TestServer.unique("behind");
        String cloak = TestServer.cloakOf("203.0.113.7");
        try (TextClient alice = registered(v1("203.0.113.7"), "palice");
             TextClient bob = registered(v1("203.0.113.8"), "pbob")) {
            assertThat(cloak).isNotEqualTo(TestServer.LOOPBACK_CLOAK);
            alice.send("JOIN " + chan);
            assertThat(alice.expectFind(" JOIN ")).isEqualTo(":palice!palice@" + cloak + " JOIN " + chan);
            bob.send("WHOIS palice");
            assertThat(bob.linesThrough(Expected.find(" 318 ")))
                    .contains(":reactor-chat 311 pbob palice palice " + cloak + " * :Real palice")
                    .noneMatch(line -> line.contains("203.0.113.7") || line.contains("127.0.0.1"));
            bob.send("OPER admin s3cret");
            bob.skipUntil(Expected.find(" 381 "));
            bob.send("WHOIS palice");
            assertThat(bob.linesThrough(Expected.find(" 318 ")))
                    .contains(":reactor-chat 378 pbob palice :is connecting from *@203.0.113.7 203.0.113.7");
        }
    }

    @Test
    void bansHoldOnTheClientsCloakAndAnOperatorsBanOnItsAddress() throws Exception {
        String chan = "#" + TestServer.unique("bans");
        String masks = "*!*@" + TestServer.cloakOf("198.51.100.40") + " *!*@198.51.100.41";
        try (TextClient op = registered(v1("198.51.100.42"), "pbanner");
             TextClient cloaked = registered(v1("198.51.100.40"), "pcloaked");
             TextClient addressed = registered(v1("198.51.100.41"), "paddressed");
             TextClient free = registered(v1("198.51.100.43"), "pfree")) {
            op.send("OPER admin s3cret", "JOIN " + chan);
            op.skipUntil(Expected.find(" 366 "));
            op.send("MODE " + chan + " +bb " + masks);
            op.skipUntil(Expected.find(" MODE " + chan + " \\+bb "));
            for (TextClient banned : List.of(cloaked, addressed)) {
                banned.send("JOIN " + chan);
                assertThat(banned.skipUntil(Expected.find(" 474 "))).endsWith(chan + " :Cannot join channel (+b)");
            }
            free.send("JOIN " + chan);
            free.expectFind(":pfree!pfree@" + TestServer.cloakOf("198.51.100.43") + " JOIN " + chan);
        }
    }

    @Test
    void aVersion2HeaderGivesAnIpv6Client() throws Exception {
        byte[] header = v2Ipv6("2001:db8::7");
        try (TextClient carol = TextClient.connectCrlf(server.address("irc"))) {
            carol.sendRaw(header);
            carol.send("NICK pcarol", "USER pcarol 0 * :Real pcarol", "WHOIS pcarol");
            assertThat(carol.linesThrough(Expected.find(" 318 ")))
                    .contains(":reactor-chat 378 pcarol pcarol :is connecting from *@2001:db8::7 2001:db8::7")
                    .contains(":reactor-chat 311 pcarol pcarol pcarol " + TestServer.cloakOf("2001:db8::7")
                            + " * :Real pcarol");
        }
    }

    /** PROXY v2: the signature, PROXY, TCP over IPv6, 36 bytes: from {@code client} port 40000 to ::1 port 6667. */
    private static byte[] v2Ipv6(String client) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x21, 0, 36});
        out.writeBytes(InetAddress.getByName(client).getAddress());
        out.writeBytes(InetAddress.getByName("::1").getAddress());
        out.writeBytes(new byte[] {(byte) 0x9c, 0x40, 0x1a, 0x0b});
        return out.toByteArray();
    }

    @Test
    void perAddressLimitsCountTheClientNotTheProxy() throws Exception {
        try (TextClient first = registered(v1("198.51.100.20"), "pfirst");
             TextClient other = registered(v1("198.51.100.21"), "pother");
             TextClient again = TextClient.connectCrlf(server.address("irc"))) {
            again.sendRaw(v1("198.51.100.20").getBytes(StandardCharsets.US_ASCII));
            assertThat(again.expectClosed()).containsExactly("ERROR :too many connections from 198.51.100.20 (1)");
            first.send("PING :still");
            first.expectFind(" PONG .* :still");
        }
    }

    @Test
    void aPeerNotInTheTrustListIsRefused() throws Exception {
        try (TestServer untrusting = TestServer.start("--listen", "irc=127.0.0.1:0?proxy", "--proxy-from", "::1,10.0.0.0/8");
             TextClient client = TextClient.connectCrlf(untrusting.address("irc"))) {
            assertThat(client.expectClosed()).containsExactly("ERROR :not from a trusted proxy");
        }
    }

    @Test
    void aReloadChangesWhoIsTrustedForNewConnections() throws Exception {
        try (TestServer reloaded = TestServer.start("--listen", "irc=127.0.0.1:0?proxy", "--proxy-from", "::1")) {
            try (TextClient refused = TextClient.connectCrlf(reloaded.address("irc"))) {
                assertThat(refused.expectClosed()).containsExactly("ERROR :not from a trusted proxy");
            }
            reloaded.server().reload(() -> Config.parse(List.of("--listen", "line=127.0.0.1:0", "--listen",
                    "echo=127.0.0.1:0", "--listen", "irc=127.0.0.1:0?proxy", "--proxy-from", "127.0.0.1",
                    "--data-dir", TestServer.DATA_DIR.toString())));
            long deadline = System.nanoTime() + ClientSocket.DEADLINE.toNanos();
            List<String> answer;
            do { // the reload is handed to the loop: wait until it has taken it
                try (TextClient client = TextClient.connectCrlf(reloaded.address("irc"))) {
                    client.sendRaw(v1("192.0.2.77").getBytes(StandardCharsets.US_ASCII));
                    client.send("NICK preload", "USER preload 0 * :Real", "WHOIS preload", "QUIT");
                    answer = client.expectClosed();
                }
            } while (answer.stream().noneMatch(line -> line.contains(" 378 ")) && System.nanoTime() < deadline);
            assertThat(answer).contains(":reactor-chat 378 preload preload :is connecting from *@192.0.2.77 192.0.2.77");
        }
    }

    /**
     * A socket whose first write is the PROXY header and the caller's bytes together, so that the
     * header and the ClientHello after it come to the server in one read, as from a real proxy.
     */
    private static final class HeaderFirst extends Socket {
        private final byte[] header;
        private OutputStream out;

        HeaderFirst(byte[] header) {
            this.header = header;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new FilterOutputStream(super.getOutputStream()) {
                    private boolean sent;

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        if (sent) {
                            super.out.write(bytes, offset, length);
                            return;
                        }
                        sent = true;
                        byte[] both = Arrays.copyOf(header, header.length + length);
                        System.arraycopy(bytes, offset, both, header.length, length);
                        super.out.write(both);
                    }
                };
            }
            return out;
        }
    }

    @Test
    void aTlsListenerTakesTheHeaderBeforeTheHandshakeInTheSameRead() throws Exception {
        TestCertificates.assumeOpenssl();
        TestCertificates.Pair pair = TestCertificates.ec(dir, "proxied", 303);
        try (TestServer tls = TestServer.start("--listen", "irc+tls=127.0.0.1:0?proxy", "--proxy-from", "127.0.0.1",
                "--tls-cert", pair.cert().toString(), "--tls-key", pair.key().toString())) {
            InetSocketAddress address = tls.address("irc+tls");
            Socket plain = new HeaderFirst(v1("192.0.2.55").getBytes(StandardCharsets.US_ASCII));
            plain.connect(address, (int) ClientSocket.DEADLINE.toMillis());
            plain.setSoTimeout((int) ClientSocket.DEADLINE.toMillis());
            try (SSLSocket socket = (SSLSocket) TestCertificates.trusting(pair.cert()).getSocketFactory()
                    .createSocket(plain, "localhost", address.getPort(), true)) {
                socket.startHandshake();
                PrintStream out = new PrintStream(socket.getOutputStream(), true, StandardCharsets.UTF_8);
                out.print("NICK ptls\r\nUSER ptls 0 * :Real ptls\r\nWHOIS ptls\r\n");
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                List<String> lines = new ArrayList<>();
                for (String line; (line = in.readLine()) != null && !line.contains(" 318 "); ) {
                    lines.add(line);
                }
                assertThat(lines).contains(":reactor-chat 378 ptls ptls :is connecting from *@192.0.2.55 192.0.2.55");
            }
        }
    }
}
