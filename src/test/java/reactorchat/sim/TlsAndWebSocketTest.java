package reactorchat.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.TestCertificates;
import reactorchat.testing.TestServer;

/**
 * {@code simulate --tls} and {@code --dialect ws} against reactor-chat in this JVM, over real
 * loopback sockets: every message reaches every client once and in order, over TLS, over a
 * WebSocket and over both; a certificate that is not trusted and a listener that is not a web one
 * are failed setups that say why.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsAndWebSocketTest {
    @TempDir
    static Path dir;
    private static TestCertificates.Pair cert;
    private static TestServer server;

    private final ByteArrayOutputStream status = new ByteArrayOutputStream();

    @BeforeAll
    static void startServer() throws Exception {
        TestCertificates.assumeOpenssl();
        cert = TestCertificates.ec(dir, "server", 11);
        server = TestServer.start("--listen", "line+tls=127.0.0.1:0", "--listen", "irc+tls=127.0.0.1:0",
                "--listen", "web=127.0.0.1:0", "--listen", "web+tls=127.0.0.1:0",
                "--tls-cert", cert.cert().toString(), "--tls-key", cert.key().toString());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void lineOverTlsWithItsCaGetsEveryMessage() throws Exception {
        Report report = run("line+tls", "--tls-ca", cert.cert().toString());

        assertEveryMessageReachedEveryone(report, 40);
        assertThat(report.json()).contains("\"dialect\":\"line\"", "\"tls\":true");
        assertThat(report.table()).contains("line+tls 127.0.0.1:");
    }

    @Test
    void ircOverTlsGetsEveryMessageButItsOwn() throws Exception {
        Report report = run("irc+tls", "--dialect", "irc", "--insecure");

        assertThat(report.problems()).isEmpty();
        assertThat(report.joined()).isEqualTo(40);
        assertThat(report.deliveredMeasured()).as("irc does not echo to the sender").isEqualTo(report.sentMeasured() * 39);
    }

    @Test
    void webSocketClientsGetEveryMessage() throws Exception {
        Report report = run("web", "--dialect", "ws");

        assertEveryMessageReachedEveryone(report, 40);
        assertThat(report.json()).contains("\"dialect\":\"ws\"", "\"tls\":false");
    }

    @Test
    void webSocketsOverTlsGetEveryMessage() throws Exception {
        Report report = run("web+tls", "--dialect", "ws", "--tls-ca", cert.cert().toString());

        assertEveryMessageReachedEveryone(report, 40);
        assertThat(report.table()).contains("ws+tls 127.0.0.1:");
    }

    @Test
    void anUntrustedCertificateIsAFailedSetupThatGivesItsFingerprint() throws Exception {
        Report report = Simulate.report(SimOptions.parse(List.of("--target", target("line+tls"), "--tls",
                "--clients", "2", "--senders", "1", "--setup-timeout", "10")), statusStream());

        assertThat(report.joined()).isZero();
        assertThat(report.exitCode()).isEqualTo(Simulate.PROBLEMS);
        String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(HexFormat.of().parseHex(TestCertificates.fingerprint(cert.cert())));
        assertThat(report.table()).contains("2 x connection failed before joining: the server's certificate (SHA-256 "
                + fingerprint + ") is not trusted");
    }

    @Test
    void webSocketsToALineListenerSayItIsNotAWebListener() throws Exception {
        Report report = Simulate.report(SimOptions.parse(List.of("--target", target("line"), "--dialect", "ws",
                "--clients", "2", "--senders", "1", "--setup-timeout", "10")), statusStream());

        assertThat(report.joined()).isZero();
        assertThat(report.table()).contains("2 x connection failed before joining: the server did not answer the upgrade"
                + " in HTTP");
    }

    @Test
    void insecureAndACaFileDoNotGoTogether() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Simulate.run(List.of("--target", target("line+tls"), "--insecure", "--tls-ca", cert.cert().toString()),
                statusStream(), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(Simulate.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("reactor-chat simulate: --insecure trusts any certificate: --tls-ca goes without it"
                        + System.lineSeparator());
    }

    /** 40 clients, 4 of them sending 20 messages a second, 1 s measured, to the listener of {@code listener}. */
    private Report run(String listener, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--target", target(listener), "--clients", "40", "--senders", "4",
                "--rate", "20", "--warmup", "0.3", "--duration", "1", "--setup-timeout", "20",
                "--room", (listener.startsWith("irc") ? "#" : "") + TestServer.unique("simroom")));
        args.addAll(List.of(flags));
        return Simulate.report(SimOptions.parse(args), statusStream());
    }

    private static void assertEveryMessageReachedEveryone(Report report, int clients) {
        assertThat(report.problems()).isEmpty();
        assertThat(report.exitCode()).isEqualTo(Simulate.CLEAN);
        assertThat(report.joined()).isEqualTo(clients);
        assertThat(report.sentMeasured()).isBetween(70L, 90L);
        assertThat(report.deliveredMeasured()).isEqualTo(report.sentMeasured() * clients);
        assertThat(report.lost() + report.duplicated() + report.reordered()).isZero();
    }

    private static String target(String listener) {
        return "127.0.0.1:" + server.address(listener).getPort();
    }

    private PrintStream statusStream() {
        return new PrintStream(status, true, StandardCharsets.UTF_8);
    }
}
