package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.ClientSocket;
import reactorchat.testing.TestCertificates;

/**
 * A handshake whose delegated tasks wait their turn costs the loop nothing meanwhile, whatever its
 * peer sends after its hello: the loop does not read it, and so does not wake for it.
 */
class TlsHandshakeWaitTest {
    /**
     * Handshakes put off ahead of the one watched: with no budget, one goes on per pass, and a
     * pass waits a millisecond for the next: the one watched waits at least 400 ms.
     */
    private static final int AHEAD = 400;

    @TempDir
    static Path dir;
    private static SSLContext serverContext;

    private EventLoop loop;
    private TlsContext tls;
    private Thread thread;
    private InetSocketAddress address;

    @BeforeAll
    static void makeCertificate() throws Exception {
        TestCertificates.assumeOpenssl();
        serverContext = TestCertificates.serverContext(dir, TestCertificates.ec(dir, "wait", 404));
    }

    @BeforeEach
    void start() throws Exception {
        loop = new EventLoop();
        tls = new TlsContext(serverContext, 0, 0); // no budget: the first handshake of a pass only
        address = loop.listen("wait", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                QuietHandler.factory(connection -> new QuietHandler() {
                    @Override
                    public void onBytes(ByteBuffer in) {
                        in.position(in.limit());
                    }
                }), Limits.DEFAULTS, tls).localAddress();
        thread = new Thread(loop::run, "tls-wait-loop");
        thread.start();
    }

    @AfterEach
    void stop() throws Exception {
        loop.execute(loop::stop);
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    @Test
    void aHelloFollowedByMoreIsNotReadWhileItsTasksWait() throws Exception {
        OnLoop.call(loop, () -> {
            for (int i = 0; i < AHEAD; i++) {
                tls.putOff(loop, tls::ranTasks);
            }
            return null;
        });
        try (Socket socket = ClientSocket.raw(address)) {
            OutputStream out = socket.getOutputStream();
            out.write(clientHello());
            out.write(new byte[96 * 1024]); // more than one read takes, and no record a handshake waits for
            out.flush();
            long deadline = System.nanoTime() + ClientSocket.DEADLINE.toNanos();
            while (OnLoop.call(loop, () -> loop.stats().bytesRead()) == 0) { // the hello is read, and queues behind the rest
                assertThat(System.nanoTime()).as("deadline for the hello to be read").isLessThan(deadline);
                Thread.sleep(1);
            }
            long passesBefore = OnLoop.call(loop, () -> loop.stats().passes());
            long start = System.nanoTime();
            Thread.sleep(200);
            long passes = OnLoop.call(loop, () -> loop.stats().passes()) - passesBefore;
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(socket.getInputStream().available()).as("no answer yet: the window was all waiting").isZero();
            assertThat(passes).as("passes in %d ms of waiting", millis).isLessThan(3 * millis + 50);
        }
    }


    private static byte[] clientHello() throws Exception {
        SSLEngine client = SSLContext.getDefault().createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        ByteBuffer hello = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        client.wrap(ByteBuffer.allocate(0), hello);
        hello.flip();
        byte[] bytes = new byte[hello.remaining()];
        hello.get(bytes);
        return bytes;
    }
}
