package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.ClientSocket;
import reactorchat.testing.LogLines;
import reactorchat.testing.TestCertificates;
import reactorchat.testing.TestCertificates.Pair;
import reactorchat.testing.TextClient;

/**
 * TLS listeners over real sockets: JDK and openssl clients beside plain ones in one room, what a
 * TLS port does with garbage and with a handshake that stalls, and a reload that swaps the
 * certificate under open connections.
 */
class TlsServerTest {
    private static final int HANDSHAKE_TIMEOUT_SECONDS = 1;

    @TempDir
    static Path dir;
    private static Pair first;
    private static Pair second;

    private Server server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestCertificates.assumeOpenssl();
        first = TestCertificates.ec(dir, "first", 101);
        second = TestCertificates.rsa(dir, "second", 202);
    }

    @BeforeEach
    void start() throws Exception {
        server = Server.bind(Config.parse(args(first)), Clock.systemUTC());
        new Thread(server::run, "tls-server-loop").start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
        assertThat(server.awaitStop(10, TimeUnit.SECONDS)).isTrue();
    }

    private static List<String> args(Pair pair) {
        return List.of("--listen", "line=127.0.0.1:0", "--listen", "line+tls=127.0.0.1:0", "--listen",
                "irc+tls=127.0.0.1:0", "--listen", "http+tls=127.0.0.1:0", "--tls-cert", pair.cert().toString(), "--tls-key", pair.key().toString(),
                "--tls-handshake-timeout", String.valueOf(HANDSHAKE_TIMEOUT_SECONDS), "--history-max-bytes", "0", "--history-on-join", "0");
    }

    @Test
    void aPlainAndATlsLineUserChatInOneRoom() throws Exception {
        try (TextClient plain = TextClient.connect(server.address("line"));
             TextClient tls = TextClient.connectTls(server.address("line+tls"), TestCertificates.trusting(first.cert()),
                     false)) {
            plain.expectRegex("\\* welcome .*");
            plain.send("/nick plainuser");
            plain.skipUntil(TextClient.Expected.exactly("* you are now known as plainuser"));
            tls.expectRegex("\\* welcome .*");
            tls.send("/nick tlsuser");
            tls.skipUntil(TextClient.Expected.exactly("* you are now known as tlsuser"));
            assertThat(tls.tlsSession().getProtocol()).isEqualTo("TLSv1.3");

            tls.send("hello from the encrypted side");
            plain.skipUntil(TextClient.Expected.regex("\\S+ <tlsuser> hello from the encrypted side"));
            plain.send("hello from the plain side");
            tls.skipUntil(TextClient.Expected.regex("\\S+ <plainuser> hello from the plain side"));
        }
    }

    @Test
    void anIrcClientRegistersOverTls() throws Exception {
        try (TextClient irc = TextClient.connectTls(server.address("irc+tls"), TestCertificates.trusting(first.cert()),
                true)) {
            irc.send("NICK secure", "USER secure 0 * :Secure Client");
            irc.skipUntil(TextClient.Expected.find("^:\\S+ 001 secure "));
            irc.send("JOIN #locked");
            irc.skipUntil(TextClient.Expected.find("^:secure!\\S+ JOIN #locked"));
        }
    }

    @Test
    void httpsServesTheHealthCheck() throws Exception {
        InetSocketAddress address = server.address("http+tls");
        try (Socket socket = TestCertificates.trusting(first.cert()).getSocketFactory()
                .createSocket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout((int) ClientSocket.DEADLINE.toMillis());
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void opensslChatsOverTls12And13() throws Exception {
        try (TextClient watcher = TextClient.connect(server.address("line"))) {
            watcher.expectRegex("\\* welcome .*");
            for (String version : new String[] {"-tls1_2", "-tls1_3"}) {
                String nick = "ossl" + version.substring(5).replace("_", "");
                String said = "said over " + version;
                String output = opensslSession(version, "/nick " + nick + "\n" + said + "\n", watcher,
                        "\\S+ <" + nick + "> " + said);
                assertThat(output).contains("* welcome to reactor-chat");
            }
        }
    }

    @Test
    void aTls11HelloIsRefusedWithAnAlert() throws Exception {
        Process openssl = openssl("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        openssl.getOutputStream().close();
        assertThat(openssl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.exitValue()).isNotZero();
        assertThat(output).contains("alert protocol version");
    }

    @Test
    void garbageIntoATlsPortClosesThatConnectionAlone() throws Exception {
        try (TextClient tls = TextClient.connectTls(server.address("line+tls"), TestCertificates.trusting(first.cert()),
                false);
             TextClient plain = TextClient.connect(server.address("line"))) {
            tls.expectRegex("\\* welcome .*");
            tls.send("/nick steady");
            plain.expectRegex("\\* welcome .*");
            byte[] garbage = new byte[4096];
            new Random(16).nextBytes(garbage);
            garbage[0] = 'G'; // no record type: the first byte alone says this is no TLS
            try (Socket raw = ClientSocket.raw(server.address("line+tls"))) {
                raw.getOutputStream().write(garbage);
                assertThat(readToEnd(raw.getInputStream())).as("an alert at most, then the close").isLessThan(64);
            }
            tls.send("still here");
            plain.skipUntil(TextClient.Expected.regex("\\S+ <steady> still here"));
        }
    }

    @Test
    void aHandshakeThatStallsIsCutAfterTheTimeout() throws Exception {
        try (Socket raw = ClientSocket.raw(server.address("irc+tls"))) {
            long start = System.nanoTime();
            OutputStream out = raw.getOutputStream();
            out.write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01}); // a hello's first bytes, and no more
            assertThat(readToEnd(raw.getInputStream())).isZero();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMillis).isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT_SECONDS * 1000L - 100)
                    .isLessThan(HANDSHAKE_TIMEOUT_SECONDS * 1000L + 2000);
        }
    }

    @Test
    void aReloadSwapsTheCertificateForNewConnectionsAndKeepsTheOpenOnes() throws Exception {
        try (TextClient before = TextClient.connectTls(server.address("line+tls"),
                TestCertificates.trusting(first.cert()), false);
             TextClient watcher = TextClient.connect(server.address("line"))) {
            before.expectRegex("\\* welcome .*");
            before.send("/nick before");
            watcher.expectRegex("\\* welcome .*");
            assertThat(peerSerial(before)).isEqualTo(first.serial());

            server.reload(() -> Config.parse(args(second)));
            assertThat(awaitSerial(second.serial())).isEqualTo(second.serial());

            before.send("still talking after the reload");
            watcher.skipUntil(TextClient.Expected.regex("\\S+ <before> still talking after the reload"));

            Pair expired = TestCertificates.expired(dir);
            PrintStream original = System.err; // where the console writes errors
            LogLines log = new LogLines(original);
            System.setErr(log);
            try {
                server.reload(() -> Config.parse(args(expired)));
                log.await("config reload refused, the running config stays: tls-cert " + expired.cert() + ": expired on");
            } finally {
                System.setErr(original);
            }
            assertThat(awaitSerial(second.serial())).isEqualTo(second.serial());
        }
    }

    @Test
    void aTlsReaderGetsABurstWholeAndOneThatStopsReadingIsCutAsASlowConsumer() throws Exception {
        Server bursty = Server.bind(Config.parse(List.of("--listen", "line=127.0.0.1:0", "--listen",
                "line+tls=127.0.0.1:0", "--tls-cert", first.cert().toString(), "--tls-key", first.key().toString(),
                "--flood-rate", "0", "--max-outbound", "256k", "--soft-outbound", "0", "--socket-send-buffer", "32k",
                "--history-max-bytes", "0", "--history-on-join", "0")),
                Clock.systemUTC());
        new Thread(bursty::run, "tls-burst-loop").start();
        int lines = 4000;
        String padding = "x".repeat(200);
        try (TextClient sender = TextClient.connect(bursty.address("line"));
             TextClient reader = TextClient.connectTls(bursty.address("line+tls"), TestCertificates.trusting(first.cert()),
                     false);
             TextClient stalled = TextClient.connectTlsWithReceiveBuffer(bursty.address("line+tls"),
                     TestCertificates.trusting(first.cert()), 4096)) {
            reader.expectRegex("\\* welcome .*");
            stalled.expectRegex("\\* welcome .*");
            sender.expectRegex("\\* welcome .*");
            sender.send("/nick sender");
            reader.skipUntil(TextClient.Expected.regex("\\* guest-\\d+ is now known as sender"));
            for (int i = 0; i < lines; i += 100) {
                String[] batch = new String[100];
                for (int j = 0; j < batch.length; j++) {
                    batch[j] = (i + j) + " " + padding;
                }
                sender.send(batch);
                sender.skipUntil(TextClient.Expected.regex("\\S+ <sender> " + (i + 99) + " x+")); // it hears itself
                for (int j = i; j < i + batch.length; j++) { // in order, none missing; the stalled one's leaving may come between
                    reader.skipUntil(TextClient.Expected.regex("\\S+ <sender> " + j + " x+"));
                }
            }
            List<String> got = stalled.expectClosed();
            assertThat(got.size()).as("lines the stalled reader got before its cut").isLessThan(lines);
        } finally {
            bursty.shutdown();
            assertThat(bursty.awaitStop(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Connects until a new connection is served the certificate with {@code serial}, or the deadline. */
    private BigInteger awaitSerial(BigInteger serial) throws Exception {
        long deadline = System.nanoTime() + ClientSocket.DEADLINE.toNanos();
        BigInteger seen;
        do { // the reload is handed to the loop: wait until it has taken it
            try (TextClient client = TextClient.connectTls(server.address("line+tls"),
                    TestCertificates.trusting(first.cert(), second.cert()), false)) {
                seen = peerSerial(client);
            }
        } while (!seen.equals(serial) && System.nanoTime() < deadline);
        return seen;
    }

    private static BigInteger peerSerial(TextClient client) throws Exception {
        return ((X509Certificate) client.tlsSession().getPeerCertificates()[0]).getSerialNumber();
    }

    /**
     * Runs openssl s_client, sends {@code input}, waits until both {@code watcher} and openssl
     * itself see the line {@code heard}, then ends its input; returns what openssl printed.
     */
    private String opensslSession(String version, String input, TextClient watcher, String heard) throws Exception {
        Process openssl = openssl(version, "-quiet", "-no_ign_eof");
        try {
            BufferedReader printed = new BufferedReader(new InputStreamReader(openssl.getInputStream(),
                    StandardCharsets.UTF_8));
            CompletableFuture<String> untilHeard = CompletableFuture.supplyAsync(() -> {
                StringBuilder lines = new StringBuilder();
                try {
                    for (String line; (line = printed.readLine()) != null; ) {
                        lines.append(line).append('\n');
                        if (line.matches(heard)) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    lines.append(e);
                }
                return lines.toString();
            });
            openssl.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            openssl.getOutputStream().flush();
            watcher.skipUntil(TextClient.Expected.regex(heard));
            String output = untilHeard.get(ClientSocket.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(output).containsPattern(heard);
            openssl.getOutputStream().close();
            assertThat(openssl.waitFor(10, TimeUnit.SECONDS)).isTrue();
            return output;
        } finally {
            openssl.destroyForcibly();
        }
    }

    private Process openssl(String... options) throws IOException {
        InetSocketAddress address = server.address("line+tls");
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
                address.getHostString() + ":" + address.getPort(), "-CAfile", first.cert().toString()));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads until the server closes; how many bytes came. */
    private static int readToEnd(InputStream in) throws IOException {
        int total = 0;
        byte[] buffer = new byte[1024];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
            }
        } catch (java.net.SocketException e) {
            // a reset is a close too, as far as this test is concerned
        }
        return total;
    }
}
