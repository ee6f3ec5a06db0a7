package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.TestCertificates;
import reactorchat.testing.TestCertificates.Pair;
import reactorchat.testing.TextClient;

/**
 * Client certificates over real sockets: irc+tls and frame+tls ask for one, the others do not.
 */
class TlsClientCertificateTest {
    @TempDir
    static Path dir;
    private static Pair serverPair;
    private static Pair clientPair;

    private Server server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestCertificates.assumeOpenssl();
        serverPair = TestCertificates.ec(dir, "server", 301);
        clientPair = TestCertificates.rsa(dir, "client", 302);
    }

    @BeforeEach
    void start() throws Exception {
        server = Server.bind(Config.parse(List.of("--listen", "irc+tls=127.0.0.1:0", "--listen", "irc=127.0.0.1:0",
                "--listen", "frame+tls=127.0.0.1:0", "--listen", "line+tls=127.0.0.1:0", "--listen",
                "web+tls=127.0.0.1:0", "--tls-cert", serverPair.cert().toString(), "--tls-key",
                serverPair.key().toString())), Clock.systemUTC());
        new Thread(server::run, "certfp-server-loop").start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
        assertThat(server.awaitStop(10, TimeUnit.SECONDS)).isTrue();
    }

    private SSLContext withCertificate() throws Exception {
        return TestCertificates.clientContext(dir, clientPair, serverPair.cert());
    }

    @Test
    void onlyIrcAndFrameListenersAskForACertificate() throws Exception {
        try (TextClient irc = TextClient.connectTls(server.address("irc+tls"), withCertificate(), true);
             TextClient frame = TextClient.connectTls(server.address("frame+tls"), withCertificate(), false);
             TextClient line = TextClient.connectTls(server.address("line+tls"), withCertificate(), false);
             TextClient web = TextClient.connectTls(server.address("web+tls"), withCertificate(), false)) {
            assertThat(irc.tlsSession().getLocalCertificates()).as("irc+tls asked").isNotNull();
            assertThat(frame.tlsSession().getLocalCertificates()).as("frame+tls asked").isNotNull();
            // A JDK client sends its certificate only when asked: none sent, none was asked for.
            assertThat(line.tlsSession().getLocalCertificates()).as("line+tls asked").isNull();
            assertThat(web.tlsSession().getLocalCertificates()).as("web+tls asked").isNull();
        }
    }
}
