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
import reactorchat.testing.TextClient.Expected;

/**
 * Client certificates over real sockets: irc+tls and frame+tls ask for one, the others do not; an
 * IRC user's WHOIS shows its fingerprint to that user alone, and that it uses TLS to everyone.
 */
class TlsClientCertificateTest {
    @TempDir
    static Path dir;
    private static Pair serverPair;
    private static Pair clientPair;
    private static String clientFingerprint;

    private Server server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestCertificates.assumeOpenssl();
        serverPair = TestCertificates.ec(dir, "server", 301);
        clientPair = TestCertificates.rsa(dir, "client", 302);
        clientFingerprint = TestCertificates.fingerprint(clientPair.cert());
    }

    @BeforeEach
    void start() throws Exception {
        server = Server.bind(Config.parse(List.of("--listen", "irc+tls=127.0.0.1:0", "--listen", "irc=127.0.0.1:0",
                "--listen", "frame+tls=127.0.0.1:0", "--listen", "line+tls=127.0.0.1:0", "--listen",
                "web+tls=127.0.0.1:0", "--tls-cert", serverPair.cert().toString(), "--tls-key",
                serverPair.key().toString(), "--history-max-bytes", "0", "--history-on-join", "0")), Clock.systemUTC());
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

    private static void register(TextClient irc, String nick) throws Exception {
        irc.send("NICK " + nick, "USER " + nick + " 0 * :" + nick);
        irc.skipUntil(Expected.find("^:\\S+ 001 " + nick + " "));
    }

    private static List<String> whois(TextClient irc, String nick) throws Exception {
        irc.send("WHOIS " + nick);
        return irc.linesThrough(Expected.find("^:\\S+ 318 \\S+ " + nick + " "));
    }

    @Test
    void theUserIsShownTheFingerprintOfTheirCertificateAsOpensslComputesIt() throws Exception {
        assertThat(clientFingerprint).matches("[0-9a-f]{64}");
        try (TextClient irc = TextClient.connectTls(server.address("irc+tls"), withCertificate(), true)) {
            assertThat(irc.tlsSession().getLocalCertificates()).as("the server asked for it").isNotNull();
            register(irc, "certuser");
            assertThat(whois(irc, "certuser"))
                    .anyMatch(line -> line.matches("^:\\S+ 276 certuser certuser :has client certificate fingerprint "
                            + clientFingerprint))
                    .anyMatch(line -> line.matches("^:\\S+ 671 certuser certuser :is using a secure connection"));
        }
    }

    @Test
    void aClientThatComesBackWithItsSessionKeepsItsFingerprint() throws Exception {
        SSLContext context = withCertificate(); // one context: the second connection may resume the first's session
        for (String nick : List.of("first", "again")) {
            try (TextClient irc = TextClient.connectTls(server.address("irc+tls"), context, true)) {
                register(irc, nick);
                assertThat(whois(irc, nick)).anyMatch(line -> line.endsWith(" fingerprint " + clientFingerprint));
            }
        }
    }

    @Test
    void othersSeeTheUserIsSecureButNotTheFingerprint() throws Exception {
        try (TextClient owner = TextClient.connectTls(server.address("irc+tls"), withCertificate(), true);
             TextClient other = TextClient.connectCrlf(server.address("irc"))) {
            register(owner, "certowner");
            register(other, "plainpeer");
            List<String> seen = whois(other, "certowner");
            assertThat(seen).anyMatch(line -> line.matches("^:\\S+ 671 plainpeer certowner :.*"));
            assertThat(seen).noneMatch(line -> line.contains(" 276 ")).noneMatch(line -> line.contains(clientFingerprint));
            assertThat(whois(owner, "plainpeer")).as("a plain user is not secure")
                    .noneMatch(line -> line.contains(" 671 "));
        }
    }

    @Test
    void aClientWithoutACertificateConnectsAndHasNoFingerprint() throws Exception {
        try (TextClient irc = TextClient.connectTls(server.address("irc+tls"),
                TestCertificates.trusting(serverPair.cert()), true)) {
            register(irc, "nocert");
            List<String> seen = whois(irc, "nocert");
            assertThat(seen).anyMatch(line -> line.contains(" 671 nocert nocert "));
            assertThat(seen).noneMatch(line -> line.contains(" 276 "));
        }
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
