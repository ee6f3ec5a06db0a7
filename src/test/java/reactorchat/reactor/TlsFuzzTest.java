package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import com.code_intelligence.jazzer.junit.FuzzTest;

import reactorchat.testing.TestCertificates;
import reactorchat.testing.TestCertificates.Pair;

/**
 * Fuzz target for a TLS listener's connections, driven through the real loop and
 * {@link TlsTransport} without sockets ({@link DrivenLoop}). A plain test run replays the seeds in
 * src/test/resources; a fuzzing run is {@code JAZZER_FUZZ=1 mvn test -Dtest=TlsFuzzTest}.
 */
class TlsFuzzTest {
    /** The handshake's tasks always run at once: the driven loop's passes are not timed. */
    private static final long NO_TASK_BUDGET = Long.MAX_VALUE;
    private static final int MAX_STEPS = 64;

    /**
     * Any bytes into a TLS connection, before its handshake or after a real one, as raw reads,
     * as a client's records with a byte changed, or whole; then its peer closes. No exception
     * leaves the loop, the connection is closed by the end, and the loop lives on: a new client
     * then makes a full handshake and gets its line echoed. Nothing stays charged to the budget.
     *
     * <p>The input: its first byte says whether a real client makes a handshake first (bit 0)
     * and with TLS 1.2 rather than 1.3 (bit 1); then steps, each a kind byte and its bytes.
     */
    @FuzzTest(maxDuration = "6h", maxExecutions = 10_000_000)
    void anyBytesCloseTheirConnectionAndTheLoopLives(byte[] input) throws Exception {
        TestCertificates.assumeOpenssl();
        Certificates certificates = Certificates.get();
        try (DrivenLoop loop = new DrivenLoop(new TlsContext(certificates.server, 0, NO_TASK_BUDGET))) {
            int mode = input.length > 0 ? input[0] : 0;
            DrivenLoop.Peer fuzzed = loop.connect(ECHO, Limits.DEFAULTS, "127.0.0.1", Long.MAX_VALUE);
            Client client = new Client(certificates.client, (mode & 2) != 0, loop, fuzzed);
            if ((mode & 1) != 0) {
                client.handshake();
            }
            int at = 1;
            for (int step = 0; step < MAX_STEPS && at < input.length && fuzzed.isOpen(); step++) {
                int kind = input[at++] & 0xff;
                int length = at < input.length ? input[at++] & 0xff : 0;
                byte[] bytes = Arrays.copyOfRange(input, at, Math.min(input.length, at + length));
                at += bytes.length;
                switch (kind % 3) {
                    case 0 -> fuzzed.send(bytes);
                    case 1 -> client.sendAltered(bytes);
                    default -> client.sendLine(bytes);
                }
                loop.pass();
                client.read();
                loop.assertOutputWithinLimits();
            }
            fuzzed.sendEof();
            loop.pass();
            assertThat(fuzzed.isClosed()).as("the fuzzed connection, after its peer's end of stream").isTrue();

            DrivenLoop.Peer next = loop.connect(ECHO, Limits.DEFAULTS, "127.0.0.2", Long.MAX_VALUE);
            Client fresh = new Client(certificates.client, false, loop, next);
            fresh.handshake();
            fresh.sendLine("still here".getBytes(StandardCharsets.UTF_8));
            loop.pass();
            assertThat(fresh.read()).isEqualTo("still here\n");
        }
    }

    /** Sends back whatever it reads, and closes at the peer's end of stream. */
    private static final ConnectionFactory ECHO = QuietHandler.factory(connection -> new QuietHandler() {
        @Override
        public void onBytes(ByteBuffer in) {
            ByteBuffer copy = ByteBuffer.allocate(in.remaining()).put(in).flip();
            connection.send(copy);
        }

        @Override
        public void onEof() {
            connection.close("peer closed");
        }
    });

    /** A JDK client engine talking to one driven connection. */
    private static final class Client {
        private final SSLEngine engine;
        private final DrivenLoop loop;
        private final DrivenLoop.Peer peer;
        private ByteBuffer fromServer = ByteBuffer.allocate(0);
        private boolean failed;

        Client(SSLContext context, boolean tls12, DrivenLoop loop, DrivenLoop.Peer peer) throws SSLException {
            engine = context.createSSLEngine("localhost", 443);
            engine.setUseClientMode(true);
            engine.setEnabledProtocols(tls12 ? new String[] {"TLSv1.2"} : new String[] {"TLSv1.3"});
            engine.beginHandshake();
            this.loop = loop;
            this.peer = peer;
        }

        /** A full handshake: what the client says goes to the connection, what it answers back. */
        void handshake() throws SSLException {
            for (int round = 0; round < 10 && engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING; round++) {
                peer.send(wrap(ByteBuffer.allocate(0)));
                loop.pass();
                read();
            }
            assertThat(engine.getHandshakeStatus()).as("the client's handshake").isEqualTo(HandshakeStatus.NOT_HANDSHAKING);
        }

        /** The line as the client's record, once its handshake is done: as is, or with one byte changed. */
        void sendLine(byte[] line) throws SSLException {
            byte[] record = record(line);
            if (record.length > 0) {
                peer.send(record);
            }
        }

        /**
         * {@code bytes} as a line in the client's record, one byte of it changed: the one at
         * {@code bytes[0]} (modulo the record's length), XORed with {@code bytes[1]} made odd.
         */
        void sendAltered(byte[] bytes) throws SSLException {
            byte[] record = record(bytes);
            if (record.length > 0 && bytes.length >= 2) {
                record[(bytes[0] & 0xff) % record.length] ^= (byte) (bytes[1] | 1);
            }
            if (record.length > 0) {
                peer.send(record);
            }
        }

        private byte[] record(byte[] line) throws SSLException {
            if (failed || engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING || engine.isOutboundDone()) {
                return new byte[0];
            }
            byte[] text = Arrays.copyOf(line, line.length + 1);
            text[line.length] = '\n';
            return wrap(ByteBuffer.wrap(text));
        }

        private byte[] wrap(ByteBuffer plain) throws SSLException {
            ByteBuffer net = ByteBuffer.allocate(64 * 1024);
            do {
                SSLEngineResult result = engine.wrap(plain, net);
                runTasks();
                if (result.bytesProduced() == 0 && result.bytesConsumed() == 0) {
                    break;
                }
            } while (plain.hasRemaining() || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP);
            net.flip();
            byte[] bytes = new byte[net.remaining()];
            net.get(bytes);
            return bytes;
        }

        /**
         * Decrypts what the connection has sent: the handshake's messages, echoed lines. An
         * alert or a record the client cannot read ends its part: the test is about the server.
         *
         * @return the plaintext
         */
        String read() {
            byte[] got = peer.received();
            ByteBuffer all = ByteBuffer.allocate(fromServer.remaining() + got.length).put(fromServer).put(got).flip();
            ByteBuffer plain = ByteBuffer.allocate(1024 * 1024);
            while (!failed && all.hasRemaining()) {
                try {
                    SSLEngineResult result = engine.unwrap(all, plain);
                    runTasks();
                    if (result.getStatus() != SSLEngineResult.Status.OK || result.bytesConsumed() == 0) {
                        break;
                    }
                } catch (SSLException e) {
                    failed = true;
                }
            }
            fromServer = all;
            plain.flip();
            return StandardCharsets.UTF_8.decode(plain).toString();
        }

        private void runTasks() {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
        }
    }

    /** A server certificate made once per run (by openssl) and a client context that trusts it. */
    private static final class Certificates {
        private static Certificates made;
        final SSLContext server;
        final SSLContext client;

        private Certificates(SSLContext server, SSLContext client) {
            this.server = server;
            this.client = client;
        }

        static synchronized Certificates get() throws IOException, GeneralSecurityException {
            if (made == null) {
                Path dir = Files.createTempDirectory("tls-fuzz");
                dir.toFile().deleteOnExit();
                Pair pair = TestCertificates.ec(dir, "fuzz", 1);
                made = new Certificates(TestCertificates.serverContext(dir, pair), TestCertificates.trusting(pair.cert()));
            }
            return made;
        }
    }
}
