package reactorchat.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the client speaks TLS: it trusts the JDK's trust store, or with {@code --tls-ca} the
 * certificates of one PEM file alone, and checks that the certificate names the host it was asked
 * to reach; with {@code --insecure} it trusts any certificate. When the check fails, the one-line
 * error gives the SHA-256 fingerprint of the certificate the server showed, so that the user can
 * compare it with what the server's operator published. The load simulator trusts servers the
 * same way, through {@link #engine}.
 */
public final class ClientTls {
    private final SSLContext context;
    private final boolean insecure;
    /** The server's certificate as the last handshake saw it, trusted or not. */
    private volatile X509Certificate seen;

    private ClientTls(X509ExtendedTrustManager trust, boolean insecure) throws GeneralSecurityException {
        this.insecure = insecure;
        this.context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new Recording(trust)}, null);
    }

    /**
     * @param caFile a PEM file of the certificates to trust instead of the JDK's; null for the JDK's
     * @throws IllegalArgumentException saying what is wrong with {@code caFile}
     */
    public static ClientTls create(Path caFile, boolean insecure) {
        try {
            return new ClientTls(insecure ? null : trustManager(caFile == null ? null : trustStore(caFile)), insecure);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage());
        }
    }

    private static KeyStore trustStore(Path caFile) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(caFile)) {
            store.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
            if (n == 0) {
                throw new IllegalArgumentException("--tls-ca " + caFile + ": no certificate in it");
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--tls-ca " + caFile + ": no such file");
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("--tls-ca " + caFile + ": not a PEM certificate (" + e.getMessage() + ")");
        }
        return store;
    }

    /** The PKIX trust manager over {@code store}, or over the JDK's trust store if it is null. */
    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /**
     * Wraps a connected socket in TLS and completes the handshake, checking the certificate
     * against {@code host} unless insecure.
     *
     * @throws IOException with a one-line message, the certificate's fingerprint in it when it was not trusted
     */
    Socket wrap(Socket plain, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        socket.setSSLParameters(parameters(socket.getSSLParameters()));
        try {
            socket.startHandshake();
        } catch (SSLHandshakeException e) {
            throw new IOException(handshakeFailure(e), e);
        }
        return socket;
    }

    /**
     * A client engine for a non-blocking connection to {@code host}, which checks the certificate
     * as {@link #wrap} does; its handshake is the caller's to drive.
     */
    public SSLEngine engine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        engine.setSSLParameters(parameters(engine.getSSLParameters()));
        return engine;
    }

    private SSLParameters parameters(SSLParameters parameters) {
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        if (!insecure) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        }
        return parameters;
    }

    /** Why a handshake failed, in one line: the certificate's fingerprint when it was not trusted. */
    public String handshakeFailure(SSLHandshakeException e) {
        X509Certificate certificate = seen;
        String reason = rootCause(e);
        return certificate == null ? "TLS handshake failed: " + reason
                : "the server's certificate (SHA-256 " + fingerprint(certificate) + ") is not trusted: " + reason;
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }

    /** The SHA-256 of the certificate's DER, as openssl prints it: hex pairs joined by colons. */
    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Notes the server's certificate, then asks the real trust manager (or, insecure, nobody). */
    private final class Recording extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager trust;

        Recording(X509ExtendedTrustManager trust) {
            this.trust = trust;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            seen = chain[0];
            if (trust != null) {
                trust.checkServerTrusted(chain, authType, socket);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            seen = chain[0];
            if (trust != null) {
                trust.checkServerTrusted(chain, authType, engine);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            seen = chain[0];
            if (trust != null) {
                trust.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a client trusts no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a client trusts no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client trusts no clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trust == null ? new X509Certificate[0] : trust.getAcceptedIssuers();
        }
    }
}
