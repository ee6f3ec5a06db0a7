package reactorchat.app;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What the TLS listeners that ask for a client certificate take: any chain, self-signed ones
 * above all, since a certificate there names no one by its issuer; it is known by its
 * fingerprint, which the user registers with the server. The TLS engine still has the client
 * prove it holds the certificate's key (CertificateVerify) before this is asked.
 *
 * <p>A chain over {@link #MAX_CHAIN_BYTES} is refused: the TLS session keeps it as long as the
 * connection lives, outside the client memory budget.
 *
 * <p>The server is never a TLS client: a server chain is never trusted.
 */
final class AnyClientCertificate extends X509ExtendedTrustManager {
    /** Three or four certificates of the usual sizes; a self-signed one is under 2 KiB. */
    static final int MAX_CHAIN_BYTES = 8 * 1024;

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        int bytes = 0;
        for (X509Certificate certificate : chain) {
            bytes += certificate.getEncoded().length;
        }
        if (chain.length == 0 || bytes > MAX_CHAIN_BYTES) {
            throw new CertificateException("a client certificate chain of " + bytes + " bytes, over "
                    + MAX_CHAIN_BYTES);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the server trusts no server certificate");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** None named: the client may offer a certificate from any issuer, or a self-signed one. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
