package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.ClientSocket;
import reactorchat.testing.TestCertificates;
import reactorchat.testing.TestCertificates.Pair;

/** A TLS reader that stops reading leaves the server one record of its ciphertext at most. */
class TlsSlowReaderTest {
    /** Plaintext queued at once: under every output limit, and more than the sockets' buffers hold. */
    private static final int QUEUED = 200 * 1024;
    /** One record on the wire as the loop's TLS output buffer holds it, and what keeping it costs. */
    private static final long MOST_UNSENT = 18 * 1024 + ClientMemory.BUFFER_OVERHEAD;

    @TempDir
    static Path dir;
    private static Pair pair;

    private EventLoop loop;
    private Thread thread;
    private InetSocketAddress address;
    private final ByteBuffer burst = ByteBuffer.allocate(QUEUED).asReadOnlyBuffer();

    @BeforeAll
    static void makeCertificate() throws Exception {
        TestCertificates.assumeOpenssl();
        pair = TestCertificates.ec(dir, "slow", 505);
    }

    @BeforeEach
    void start() throws Exception {
        loop = new EventLoop();
        TlsContext tls = new TlsContext(TestCertificates.serverContext(dir, pair), 0);
        Limits smallSendBuffer = new Limits(10, Limits.UNLIMITED, 1 << 20, Limits.DEFAULT_CLIENT_MEMORY, Limits.UNLIMITED,
                0, Limits.UNLIMITED, 8 * 1024);
        address = loop.listen("slow", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                QuietHandler.factory(connection -> new QuietHandler() {
                    @Override
                    public void onBytes(ByteBuffer in) {
                        in.position(in.limit());
                        connection.send(burst);
                    }
                }), smallSendBuffer, tls).localAddress();
        thread = new Thread(loop::run, "tls-slow-reader-loop");
        thread.start();
    }

    @AfterEach
    void stop() throws Exception {
        loop.execute(loop::stop);
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    @Test
    void aReaderThatStopsLeavesOneRecordUnsentAtMost() throws Exception {
        try (SSLSocket socket = (SSLSocket) TestCertificates.trusting(pair.cert()).getSocketFactory().createSocket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(address);
            socket.startHandshake();
            socket.getOutputStream().write('x'); // the burst is queued, and the client reads none of it
            socket.getOutputStream().flush();
            long deadline = System.nanoTime() + ClientSocket.DEADLINE.toNanos();
            long written;
            long before;
            do { // until the kernel takes no more: the writes stop, with the burst still queued
                assertThat(System.nanoTime()).as("deadline for the writes to stop").isLessThan(deadline);
                before = OnLoop.call(loop, () -> loop.stats().bytesWritten());
                Thread.sleep(50);
                written = OnLoop.call(loop, () -> loop.stats().bytesWritten());
            } while (written == 0 || written != before);
            long unsent = OnLoop.call(loop, () -> loop.connections().memory().output()) - ClientMemory.cost(burst);
            assertThat(written).as("ciphertext the kernel took").isLessThan(QUEUED);
            assertThat(unsent).as("ciphertext kept unsent").isBetween(0L, MOST_UNSENT);
        }
    }

}
