package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.TestCertificates;
import reactorchat.testing.TestCertificates.Pair;

/**
 * A certificate and key that cannot serve stop the start with one line naming the file and the
 * reason, and status 2; ones that can are taken, RSA and EC alike.
 */
class TlsFilesTest {
    @TempDir
    static Path dir;
    private static Pair ec;
    private static Pair rsa;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestCertificates.assumeOpenssl();
        ec = TestCertificates.ec(dir, "ec", 1);
        rsa = TestCertificates.rsa(dir, "rsa", 2);
    }

    @Test
    void ecAndRsaPkcs8KeysAreTaken() throws Exception {
        assertThat(TlsFiles.load(ec.cert().toString(), ec.key().toString(), 10).context()).isNotNull();
        assertThat(TlsFiles.load(rsa.cert().toString(), rsa.key().toString(), 10).context()).isNotNull();
    }

    @Test
    void anExpiredCertificateIsOneLineAndStatusTwo() throws Exception {
        Pair expired = TestCertificates.expired(dir);
        assertThat(serve(expired.cert(), expired.key())).isEqualTo(2);
        assertThat(err()).isEqualTo("reactor-chat: tls-cert " + expired.cert() + ": expired on 2020-01-02T00:00:00Z\n");
    }

    @Test
    void aChainInOrderIsTakenAndOneOutOfOrderIsNamed() throws Exception {
        Pair authority = TestCertificates.authority(dir, "authority", "Test Authority");
        Pair leaf = TestCertificates.issued(dir, "leaf", authority);
        Path inOrder = concatenate("in-order.pem", leaf.cert(), authority.cert());
        assertThat(TlsFiles.load(inOrder.toString(), leaf.key().toString(), 10).context()).isNotNull();

        Path reversed = concatenate("reversed.pem", authority.cert(), leaf.cert());
        assertThat(serve(reversed, leaf.key())).isEqualTo(2);
        assertThat(err()).isEqualTo("reactor-chat: tls-cert " + reversed + ": chain out of order: certificate 1"
                + " (CN=Test Authority) is not issued by the next, certificate 2 (CN=localhost); put the server's"
                + " certificate first, each then followed by its issuer\n");

        Path stranger = concatenate("stranger.pem", leaf.cert(), rsa.cert());
        assertThat(serve(stranger, leaf.key())).isEqualTo(2);
        assertThat(err()).isEqualTo("reactor-chat: tls-cert " + stranger + ": certificate 1 (CN=localhost) is not"
                + " issued by the next, certificate 2 (CN=localhost)\n");
    }

    @Test
    void anExpiredCertificateFurtherDownTheChainIsNamed() throws Exception {
        Pair expired = TestCertificates.expired(dir);
        Path chain = concatenate("expired-issuer.pem", ec.cert(), expired.cert()); // both are CN=localhost
        assertThat(serve(chain, ec.key())).isEqualTo(2);
        assertThat(err()).isEqualTo("reactor-chat: tls-cert " + chain + ": certificate 2 (CN=localhost) expired on"
                + " 2020-01-02T00:00:00Z\n");
    }

    private static Path concatenate(String name, Path... certs) throws Exception {
        StringBuilder pem = new StringBuilder();
        for (Path cert : certs) {
            pem.append(Files.readString(cert));
        }
        return Files.writeString(dir.resolve(name), pem);
    }

    @Test
    void aKeyOfAnotherCertificateIsOneLineAndStatusTwo() throws Exception {
        Pair other = TestCertificates.ec(dir, "other", 3);
        assertThat(serve(ec.cert(), other.key())).isEqualTo(2);
        assertThat(err()).isEqualTo("reactor-chat: tls-key " + other.key() + ": not the key of the certificate in "
                + ec.cert() + "\n");
        assertThat(serve(ec.cert(), rsa.key())).isEqualTo(2);
        assertThat(err()).endsWith("tls-key " + rsa.key() + ": not a PKCS#8 EC key, as the certificate in "
                + ec.cert() + " needs\n");
    }

    @Test
    void traditionalKeysAreRefusedWithTheCommandThatConvertsThem() throws Exception {
        for (Pair pair : new Pair[] {ec, rsa}) {
            Path old = TestCertificates.traditional(pair.key(), dir.resolve(pair.key().getFileName() + ".old"));
            assertThat(serve(pair.cert(), old)).isEqualTo(2);
            assertThat(err()).matches("reactor-chat: tls-key " + old + ": a (PKCS#1 RSA|SEC1 EC) key; convert it to"
                    + " PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in " + old + " -out " + old + ".pk8\n");
        }
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("missing.pem");
        assertThat(serve(missing, ec.key())).isEqualTo(2);
        assertThat(err()).isEqualTo("reactor-chat: tls-cert " + missing + ": no such file\n");
    }

    @Test
    void aFileThatIsNoCertificateIsNamed() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        assertThat(serve(junk, ec.key())).isEqualTo(2);
        assertThat(err()).startsWith("reactor-chat: tls-cert " + junk + ": ").doesNotContain("\tat ");
        assertThat(err().lines()).hasSize(1);
    }

    @Test
    void aTlsListenerWithoutCertificateIsAUsageError() {
        assertThat(Main.run(new String[] {"--listen", "irc+tls=127.0.0.1:0"}, stream(out), stream(err))).isEqualTo(2);
        assertThat(err()).isEqualTo("reactor-chat: the irc+tls listener needs --tls-cert and --tls-key\n");
    }

    private int serve(Path cert, Path key) {
        err.reset();
        // Config is read before anything binds: a refused one never listens, so port 0 is never opened.
        return Main.run(new String[] {"--listen", "line+tls=127.0.0.1:0", "--tls-cert", cert.toString(), "--tls-key",
                key.toString()}, stream(out), stream(err));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
