import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens N TLS connections to a line+tls listener, 8 handshakes at a time, reads each one's welcome,
 * prints "held N" and keeps them open until its standard input ends. "resumed": one client
 * context for all, so that all but the first resume a session; "full": a context each, so that
 * every one is a full handshake. Run with java TlsIdleClients.java (source launch) by
 * tls-idle-memory.sh.
 * Usage: java TlsIdleClients.java PORT N resumed|full CERT
 */
public class TlsIdleClients {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        boolean full = args[2].equals("full");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (FileInputStream cert = new FileInputStream(args[3])) {
            trusted.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(cert));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext shared = context(trust);
        ExecutorService handshakes = Executors.newFixedThreadPool(8);
        List<Future<Socket>> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SSLContext tls = full ? context(trust) : shared;
            made.add(handshakes.submit(() -> welcomed(tls, port)));
        }
        List<Socket> open = new ArrayList<>();
        for (Future<Socket> socket : made) {
            open.add(socket.get());
        }
        handshakes.shutdown();
        System.out.println("held " + open.size());
        System.out.flush();
        while (System.in.read() >= 0) {
            // held until the script ends our input
        }
        for (Socket socket : open) {
            socket.close();
        }
    }

    private static SSLContext context(TrustManagerFactory trust) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static Socket welcomed(SSLContext tls, int port) throws IOException {
        Socket socket = tls.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith("* welcome")) {
            throw new IOException("no welcome: " + line);
        }
        return socket;
    }
}
