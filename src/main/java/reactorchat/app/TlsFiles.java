package reactorchat.app;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * The certificate chain and private key of the {@code +tls} listeners, read from PEM files as
 * certbot writes them ({@code fullchain.pem}, {@code privkey.pem}) and checked before use: a file
 * that is missing or unreadable, a certificate of the chain that has expired or is not valid yet,
 * a chain not in order (each certificate followed by its issuer), a key in a format the JDK does
 * not read, or a key that is not the certificate's, is refused with one line that names the file
 * and the reason.
 *
 * @param context the chain and key, ready for the JDK's TLS engine
 */
record TlsFiles(String certFile, String keyFile, int handshakeTimeoutSeconds, SSLContext context) {
    /** A certificate chain or key larger than this is not one. */
    private static final int MAX_FILE_BYTES = 1 << 20;
    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_END = "-----END PRIVATE KEY-----";
    /** The in-memory key store's password: it never leaves this process, so it guards nothing. */
    private static final char[] STORE_PASSWORD = "in-memory".toCharArray();

    /**
     * Reads and checks both files.
     *
     * @throws IllegalArgumentException with the one line to show, if they cannot serve
     */
    static TlsFiles load(String certFile, String keyFile, int handshakeTimeoutSeconds) {
        List<X509Certificate> chain = certificates(certFile);
        X509Certificate leaf = chain.get(0);
        PrivateKey key = privateKey(keyFile, leaf.getPublicKey().getAlgorithm(), certFile);
        if (!matches(key, leaf.getPublicKey())) {
            throw new IllegalArgumentException("tls-key " + keyFile + ": not the key of the certificate in " + certFile);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, STORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {new AnyClientCertificate()}, null);
            return new TlsFiles(certFile, keyFile, handshakeTimeoutSeconds, context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("tls-cert " + certFile + ": cannot be used with its key: " + e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(String file) {
        byte[] bytes = read("tls-cert", file);
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (var certificate : factory.generateCertificates(new ByteArrayInputStream(bytes))) {
                chain.add((X509Certificate) certificate);
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("tls-cert " + file + ": not a PEM certificate chain (" + e.getMessage() + ")");
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("tls-cert " + file + ": no certificate in it");
        }
        for (int i = 0; i < chain.size(); i++) {
            checkValidity(file, chain, i);
        }
        checkOrder(file, chain);
        return chain;
    }

    /** A client refuses a chain with any certificate out of its dates: so does the server, naming which. */
    private static void checkValidity(String file, List<X509Certificate> chain, int index) {
        X509Certificate certificate = chain.get(index);
        String which = index == 0 ? "" : describe(chain, index) + " ";
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new IllegalArgumentException("tls-cert " + file + ": " + which + "expired on "
                    + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new IllegalArgumentException("tls-cert " + file + ": " + which + "not valid before "
                    + certificate.getNotBefore().toInstant());
        }
    }

    /**
     * Each certificate must be issued by the one after it, the server's own first: the order
     * TLS sends them in, which clients may not sort out themselves.
     */
    private static void checkOrder(String file, List<X509Certificate> chain) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            X500Principal issuer = chain.get(i).getIssuerX500Principal();
            if (issuer.equals(chain.get(i + 1).getSubjectX500Principal())) {
                continue;
            }
            boolean elsewhere = chain.stream().anyMatch(other -> other.getSubjectX500Principal().equals(issuer));
            throw new IllegalArgumentException("tls-cert " + file + ": " + (elsewhere ? "chain out of order: " : "")
                    + describe(chain, i) + " is not issued by the next, " + describe(chain, i + 1)
                    + (elsewhere ? "; put the server's certificate first, each then followed by its issuer" : ""));
        }
    }

    private static String describe(List<X509Certificate> chain, int index) {
        return "certificate " + (index + 1) + " (" + chain.get(index).getSubjectX500Principal().getName() + ")";
    }

    private static PrivateKey privateKey(String file, String algorithm, String certFile) {
        String text = new String(read("tls-key", file), StandardCharsets.US_ASCII);
        String convert = "; convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out " + file + ".pk8";
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IllegalArgumentException("tls-key " + file + ": a PKCS#1 RSA key" + convert);
        }
        if (text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new IllegalArgumentException("tls-key " + file + ": a SEC1 EC key" + convert);
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalArgumentException("tls-key " + file + ": encrypted, and the server cannot ask for its"
                    + " pass phrase" + convert);
        }
        int begin = text.indexOf(PKCS8_BEGIN);
        int end = text.indexOf(PKCS8_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("tls-key " + file + ": no '" + PKCS8_BEGIN + "' block in it");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + PKCS8_BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tls-key " + file + ": the key block is not base64");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("tls-key " + file + ": not a PKCS#8 " + algorithm + " key, as the"
                    + " certificate in " + certFile + " needs");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("tls-key " + file + ": " + algorithm + " keys are not supported");
        }
    }

    /** Whether {@code key} signs what {@code publicKey} verifies: the one check that holds for every key type. */
    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> publicKey.getAlgorithm(); // EdDSA, Ed25519, Ed448 name their own signature
        };
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] read(String setting, String file) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(setting + " " + file + ": over " + (MAX_FILE_BYTES >> 10) + " KiB");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(setting + " " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(setting + " " + file + ": permission denied");
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + " " + file + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
