package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.ClientSocket;
import reactorchat.testing.TestCertificates;
import reactorchat.testing.TestCertificates.Pair;

/**
 * What a client may ask of an established TLS connection: a TLS 1.2 renegotiation is refused (each
 * would cost the server a signature), a few TLS 1.3 KeyUpdates are answered, a flood of them is not.
 */
class TlsPostHandshakeTest {
    @TempDir
    static Path dir;
    private static Pair pair;

    private Server server;

    @BeforeAll
    static void makeCertificate() throws Exception {
        TestCertificates.assumeOpenssl();
        pair = TestCertificates.ec(dir, "post", 303);
    }

    @BeforeEach
    void start() throws Exception {
        server = Server.bind(Config.parse(List.of("--listen", "line+tls=127.0.0.1:0", "--tls-cert",
                pair.cert().toString(), "--tls-key", pair.key().toString(), "--flood-rate", "0",
                "--history-max-bytes", "0", "--history-on-join", "0")), Clock.systemUTC());
        new Thread(server::run, "tls-post-handshake-loop").start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
        assertThat(server.awaitStop(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTls12RenegotiationClosesTheConnection() throws Exception {
        try (SSLSocket socket = connect("TLSv1.2")) {
            BufferedReader in = reader(socket);
            assertThat(in.readLine()).startsWith("* welcome");
            socket.getSession().invalidate(); // a full handshake, not a resumption
            try {
                socket.startHandshake();
            } catch (IOException e) {
                // the server may close before the client's handshake call returns
            }
            assertClosed(in);
        }
    }

    @Test
    void aFewTls13KeyUpdatesAreAnsweredAndAFloodClosesTheConnection() throws Exception {
        try (SSLSocket socket = connect("TLSv1.3")) {
            BufferedReader in = reader(socket);
            assertThat(in.readLine()).startsWith("* welcome");
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 4; i++) {
                socket.startHandshake(); // TLS 1.3: the JDK sends a KeyUpdate that asks for the server's
            }
            out.write("/nick updated\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(in.readLine()).isEqualTo("* you are now known as updated");
            try {
                for (int i = 0; i < 20; i++) {
                    socket.startHandshake();
                }
            } catch (IOException e) {
                // the server may close while they still go out
            }
            assertClosed(in);
        }
    }

    private SSLSocket connect(String protocol) throws Exception {
        InetSocketAddress address = server.address("line+tls");
        SSLSocket socket = (SSLSocket) TestCertificates.trusting(pair.cert()).getSocketFactory()
                .createSocket(address.getAddress(), address.getPort());
        socket.setEnabledProtocols(new String[] {protocol});
        socket.setSoTimeout((int) ClientSocket.DEADLINE.toMillis());
        socket.startHandshake();
        return socket;
    }

    private static BufferedReader reader(SSLSocket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads until the server closes: the end of stream, or the connection failing; a time-out is no close. */
    private static void assertClosed(BufferedReader in) throws IOException {
        try {
            while (in.readLine() != null) {
                // lines already on their way may come first
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open", e);
        } catch (SSLException | java.net.SocketException e) {
            // a close the client's engine took badly is a close too
        }
    }
}
