package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.TestCertificates;

/** The trust manager of the listeners that ask for client certificates: any client chain of a sane size, no server. */
class AnyClientCertificateTest {
    @TempDir
    static Path dir;
    private static X509Certificate selfSigned;

    private final AnyClientCertificate trust = new AnyClientCertificate();

    @BeforeAll
    static void makeCertificate() throws Exception {
        TestCertificates.assumeOpenssl();
        selfSigned = TestCertificates.read(TestCertificates.ec(dir, "self", 401).cert());
    }

    @Test
    void aSelfSignedClientCertificateIsTakenAndNoIssuerIsNamed() throws Exception {
        trust.checkClientTrusted(new X509Certificate[] {selfSigned}, "ECDHE_ECDSA");
        assertThat(trust.getAcceptedIssuers()).isEmpty();
    }

    @Test
    void aChainOverTheLimitIsRefused() throws Exception {
        int copies = AnyClientCertificate.MAX_CHAIN_BYTES / selfSigned.getEncoded().length + 1;
        X509Certificate[] chain = new X509Certificate[copies];
        Arrays.fill(chain, selfSigned);
        assertThatThrownBy(() -> trust.checkClientTrusted(chain, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("over " + AnyClientCertificate.MAX_CHAIN_BYTES);
    }

    @Test
    void noServerIsEverTrusted() {
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {selfSigned}, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }
}
