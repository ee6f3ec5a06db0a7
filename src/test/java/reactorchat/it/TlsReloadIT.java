package reactorchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.JarProcess;
import reactorchat.testing.TestCertificates;
import reactorchat.testing.TestCertificates.Pair;
import reactorchat.testing.TextClient;

/**
 * The jar swaps its certificate on SIGHUP, as after a renewal that replaced the files in place:
 * new connections get the new one, an open connection goes on with the old; files that fail the
 * checks are refused with one line and the running certificate stays. A bad certificate at start
 * is one line and exit 2.
 */
class TlsReloadIT {
    @TempDir
    Path dir;

    @Test
    void sighupSwapsTheCertificateForNewConnections() throws Exception {
        TestCertificates.assumeOpenssl();
        Pair first = TestCertificates.ec(dir, "first", 11);
        Pair second = TestCertificates.rsa(dir, "second", 22);
        Path cert = Files.copy(first.cert(), dir.resolve("live-cert.pem"));
        Path key = Files.copy(first.key(), dir.resolve("live-key.pem"));
        try (JarProcess daemon = JarProcess.start(List.of(), "--listen", "line+tls=127.0.0.1:0", "--tls-cert",
                cert.toString(), "--tls-key", key.toString())) {
            InetSocketAddress address = daemon.awaitListening("line+tls");
            try (TextClient before = TextClient.connectTls(address, TestCertificates.trusting(first.cert()), false)) {
                before.expectRegex("\\* welcome .*");
                before.send("/nick before");
                before.skipUntil(TextClient.Expected.exactly("* you are now known as before"));

                Files.copy(second.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
                Files.copy(second.key(), key, StandardCopyOption.REPLACE_EXISTING);
                hangUp(daemon);
                daemon.awaitOutput("TLS certificate reloaded from " + cert);
                assertThat(serial(address, first, second)).isEqualTo(second.serial());

                before.send("still here");
                before.skipUntil(TextClient.Expected.regex("\\S+ <before> still here"));

                Pair expired = TestCertificates.expired(dir);
                Files.copy(expired.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
                Files.copy(expired.key(), key, StandardCopyOption.REPLACE_EXISTING);
                hangUp(daemon);
                daemon.awaitOutput("config reload refused, the running config stays: tls-cert " + cert + ": expired on");
                assertThat(serial(address, first, second)).isEqualTo(second.serial());
            }
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsOneLineAndStatusTwo() throws Exception {
        TestCertificates.assumeOpenssl();
        Pair first = TestCertificates.ec(dir, "first", 11);
        Pair other = TestCertificates.ec(dir, "other", 12);
        try (JarProcess daemon = JarProcess.start(List.of(), "--listen", "line+tls=127.0.0.1:0", "--tls-cert",
                first.cert().toString(), "--tls-key", other.key().toString())) {
            assertThat(daemon.awaitExit()).isEqualTo(2);
            assertThat(daemon.stderr().strip()).isEqualTo("reactor-chat: tls-key " + other.key()
                    + ": not the key of the certificate in " + first.cert());
        }
    }

    private static BigInteger serial(InetSocketAddress address, Pair first, Pair second) throws Exception {
        try (TextClient client = TextClient.connectTls(address, TestCertificates.trusting(first.cert(), second.cert()),
                false)) {
            return ((X509Certificate) client.tlsSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static void hangUp(JarProcess daemon) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
