package reactorchat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates and keys made at test time with the openssl command, into a test's temporary
 * directory: nothing secret is kept in the repository. A test that needs them is skipped, with
 * the reason, where openssl is not installed (CI installs it).
 */
public final class TestCertificates {
    /** A certificate and its key, as PEM files. */
    public record Pair(Path cert, Path key) {
        /** The certificate's serial number, as the JDK reads it. */
        public BigInteger serial() throws IOException, GeneralSecurityException {
            return read(cert).getSerialNumber();
        }
    }

    private TestCertificates() {
    }

    /** Skips the calling test unless openssl can be run. */
    public static void assumeOpenssl() {
        boolean found;
        try {
            found = run(Path.of("."), "openssl", "version") == 0;
        } catch (IOException e) {
            found = false;
        }
        if (System.getenv("CI") != null) {
            assertThat(found).as("CI installs openssl").isTrue();
        }
        assumeTrue(found, "openssl is not installed: the TLS tests make their certificates with it");
    }

    /** A self-signed ECDSA P-256 certificate for localhost and 127.0.0.1, valid for a day, PKCS#8 key. */
    public static Pair ec(Path dir, String name, long serial) throws IOException {
        return selfSigned(dir, name, serial, "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
    }

    /** The same with an RSA-2048 key. */
    public static Pair rsa(Path dir, String name, long serial) throws IOException {
        return selfSigned(dir, name, serial, "-newkey", "rsa:2048");
    }

    private static Pair selfSigned(Path dir, String name, long serial, String... keyArgs) throws IOException {
        Pair pair = new Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509"));
        command.addAll(List.of(keyArgs));
        command.addAll(List.of("-nodes", "-keyout", pair.key.toString(), "-out", pair.cert.toString(), "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-set_serial", Long.toString(serial)));
        openssl(dir, command.toArray(new String[0]));
        return pair;
    }

    /** A self-signed EC P-256 certificate authority named {@code commonName}, valid for a day. */
    public static Pair authority(Path dir, String name, String commonName) throws IOException {
        Pair pair = new Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        openssl(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", pair.key.toString(), "-out", pair.cert.toString(), "-days", "1", "-subj", "/CN=" + commonName,
                "-addext", "basicConstraints=critical,CA:TRUE");
        return pair;
    }

    /** An EC P-256 certificate for localhost issued by {@code authority}, alone in its file, valid for a day. */
    public static Pair issued(Path dir, String name, Pair authority) throws IOException {
        Pair pair = new Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        Path request = dir.resolve(name + ".csr");
        openssl(dir, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", pair.key.toString(), "-out", request.toString(), "-subj", "/CN=localhost");
        openssl(dir, "openssl", "x509", "-req", "-in", request.toString(), "-CA", authority.cert.toString(),
                "-CAkey", authority.key.toString(), "-set_serial", "7", "-days", "1", "-out", pair.cert.toString());
        return pair;
    }

    /** A self-signed EC certificate that expired in 2020. */
    public static Pair expired(Path dir) throws IOException {
        Path ca = Files.createDirectories(dir.resolve("expired-ca"));
        Files.createDirectories(ca.resolve("new"));
        Files.writeString(ca.resolve("index.txt"), "");
        Files.writeString(ca.resolve("serial"), "01\n");
        Path config = ca.resolve("ca.cnf");
        Files.writeString(config, String.join("\n", "[ca]", "default_ca = d", "[d]",
                "database = " + ca.resolve("index.txt"), "new_certs_dir = " + ca.resolve("new"),
                "serial = " + ca.resolve("serial"), "default_md = sha256", "policy = p", "[p]",
                "commonName = supplied", ""));
        Pair pair = new Pair(dir.resolve("expired.pem"), dir.resolve("expired.key"));
        Path request = ca.resolve("expired.csr");
        openssl(dir, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", pair.key.toString(), "-out", request.toString(), "-subj", "/CN=localhost");
        openssl(dir, "openssl", "ca", "-batch", "-selfsign", "-notext", "-config", config.toString(), "-keyfile",
                pair.key.toString(), "-in", request.toString(), "-out", pair.cert.toString(),
                "-startdate", "20200101000000Z", "-enddate", "20200102000000Z");
        return pair;
    }

    /** {@code key} in the traditional format (PKCS#1 for RSA, SEC1 for EC), which the server refuses. */
    public static Path traditional(Path key, Path into) throws IOException {
        openssl(into.getParent(), "openssl", "pkey", "-in", key.toString(), "-traditional", "-out", into.toString());
        return into;
    }

    /** A client context that offers {@code pair}'s certificate when asked, and trusts {@code serverCert} alone. */
    public static SSLContext clientContext(Path dir, Pair pair, Path serverCert)
            throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("server", read(serverCert));
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers(dir, pair), trust.getTrustManagers(), null);
        return context;
    }

    /**
     * The certificate's SHA-256 fingerprint as {@code openssl x509 -fingerprint -sha256} prints it,
     * lowercased and without colons, as IRC servers show it.
     */
    public static String fingerprint(Path cert) throws IOException {
        Process process = new ProcessBuilder("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in",
                cert.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("openssl x509 -fingerprint failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        // e.g. "sha256 Fingerprint=AB:CD:..." (the prefix's case differs between openssl versions)
        return output.substring(output.indexOf('=') + 1).strip().replace(":", "").toLowerCase(Locale.ROOT);
    }

    /** A server context with {@code pair}'s certificate and key. */
    public static SSLContext serverContext(Path dir, Pair pair) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers(dir, pair), null, null);
        return context;
    }

    /**
     * {@code pair}'s certificate and key as the JDK takes them, read through a PKCS#12 file that
     * openssl makes in {@code dir} the first time it is asked for.
     */
    private static KeyManager[] keyManagers(Path dir, Pair pair) throws IOException, GeneralSecurityException {
        Path store = dir.resolve(pair.cert.getFileName() + ".p12");
        char[] password = "test".toCharArray();
        if (!Files.exists(store)) {
            openssl(dir, "openssl", "pkcs12", "-export", "-in", pair.cert.toString(), "-inkey", pair.key.toString(),
                    "-passout", "pass:test", "-out", store.toString());
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        return factory.getKeyManagers();
    }

    /** A client context that trusts {@code certs} alone. */
    public static SSLContext trusting(Path... certs) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (Path cert : certs) {
            store.setCertificateEntry(cert.toString(), read(cert));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    public static X509Certificate read(Path cert) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(cert)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static void openssl(Path dir, String... command) throws IOException {
        int status = run(dir, command);
        if (status != 0) {
            throw new IOException(String.join(" ", command) + " failed with status " + status);
        }
    }

    private static int run(Path dir, String... command) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 30 s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
