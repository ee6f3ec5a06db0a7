package reactorchat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PipedInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.TestCertificates;
import reactorchat.testing.TestCertificates.Pair;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** {@code client --tls} against a line+tls listener whose certificate is self-signed. */
class TlsClientTest {
    @TempDir
    static Path dir;
    private static Pair cert;

    private final Terminal terminal = new Terminal();

    @BeforeAll
    static void makeCertificate() throws Exception {
        TestCertificates.assumeOpenssl();
        cert = TestCertificates.ec(dir, "server", 7);
    }

    @AfterEach
    void stop() throws IOException {
        terminal.close();
    }

    @Test
    void withItsCaTheClientChatsOverTls() throws Exception {
        try (TestServer server = tlsServer(); TextClient bob = server.user("bob")) {
            Future<Integer> client = terminal.start("--tls-ca", cert.cert().toString(), "--nick", "alice", target(server));
            terminal.screen.await("* you are now known as alice");
            terminal.type("hello over tls\n");
            bob.skipUntil(Expected.regex("\\S+ <alice> hello over tls"));
            terminal.endInput();
            assertThat(client.get(10, TimeUnit.SECONDS)).isEqualTo(Client.OK);
            assertThat(terminal.errors.text()).isEmpty();
        }
    }

    @Test
    void anUntrustedCertificateIsOneLineWithItsFingerprint() throws Exception {
        try (TestServer server = tlsServer()) {
            Future<Integer> client = terminal.start("--tls", target(server)); // the JDK's trust store knows no test certificate
            assertThat(client.get(10, TimeUnit.SECONDS)).isEqualTo(Client.FAILED);
            assertThat(terminal.errors.text()).matches("reactor-chat client: cannot connect to 127\\.0\\.0\\.1:\\d+: the server's"
                    + " certificate \\(SHA-256 " + opensslFingerprint(cert.cert()) + "\\) is not trusted: .*\\R");
        }
    }

    @Test
    void insecureTrustsAnyCertificate() throws Exception {
        try (TestServer server = tlsServer()) {
            Future<Integer> client = terminal.start("--insecure", target(server));
            terminal.screen.await("* welcome to reactor-chat");
            terminal.endInput();
            assertThat(client.get(10, TimeUnit.SECONDS)).isEqualTo(Client.OK);
        }
    }

    @Test
    void tlsIsForChatOnly() throws Exception {
        assertThat(Client.run(List.of("--tls", "--receive-files", dir.toString(), "127.0.0.1:1"),
                new PipedInputStream(), terminal.screen.stream(), terminal.errors.stream(), false)).isEqualTo(Client.USAGE);
        assertThat(terminal.errors.text()).isEqualTo("reactor-chat client: file transfers are plain TCP only: --tls goes with chat"
                + System.lineSeparator());
    }

    private static TestServer tlsServer() throws Exception {
        return TestServer.start("--listen", "line+tls=127.0.0.1:0", "--tls-cert", cert.cert().toString(), "--tls-key",
                cert.key().toString());
    }

    /** The fingerprint as openssl prints it, after {@code sha256 Fingerprint=}. */
    private static String opensslFingerprint(Path certificate) throws Exception {
        Process openssl = new ProcessBuilder("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in",
                certificate.toString()).start();
        String printed = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(openssl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return printed.substring(printed.indexOf('=') + 1);
    }


    private static String target(TestServer server) {
        return "127.0.0.1:" + server.address("line+tls").getPort();
    }
}
