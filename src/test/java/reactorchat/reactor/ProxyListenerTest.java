package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactorchat.testing.ClientSocket;

/**
 * A listener that asks for the PROXY protocol, over real sockets: the dialect gets the connection
 * only after a whole header from a trusted proxy, sees the client's address it gave, and gets
 * whatever followed the header; anything else is closed before the dialect hears of it.
 */
class ProxyListenerTest {
    private static final long HEADER_MILLIS = 300;
    private static final String TCP4 = "PROXY TCP4 203.0.113.7 127.0.0.1 5555 7000\r\n";

    private final AtomicInteger opened = new AtomicInteger();
    private EventLoop loop;
    private Thread thread;
    private InetSocketAddress trusted;
    private InetSocketAddress untrusted;
    private InetSocketAddress limited;

    @BeforeEach
    void start() throws Exception {
        loop = new EventLoop();
        trusted = listen("trusted", "127.0.0.0/8", Limits.DEFAULTS);
        untrusted = listen("untrusted", "10.0.0.0/8,::1", Limits.DEFAULTS);
        limited = listen("limited", "127.0.0.1", new Limits(100, 1, 1 << 20, 0, 0, 0, 0, 0));
        thread = new Thread(loop::run, "proxy-listener-loop");
        thread.start();
    }

    /** A listener whose dialect greets each connection with the address it has, then echoes what it is sent. */
    private InetSocketAddress listen(String name, String proxies, Limits limits) throws IOException {
        Listener listener = loop.listen(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                QuietHandler.factory(connection -> {
                    opened.incrementAndGet();
                    connection.send(StandardCharsets.US_ASCII.encode("from " + connection.peerHost() + "\n"));
                    return new QuietHandler() {
                        @Override
                        public void onBytes(ByteBuffer in) {
                            connection.send(ByteBuffer.allocate(in.remaining()).put(in).flip());
                        }
                    };
                }), limits);
        listener.trustProxies(TrustedProxies.parse(List.of(proxies.split(","))));
        listener.expectProxyHeaders(HEADER_MILLIS);
        return listener.localAddress();
    }

    @AfterEach
    void stop() throws Exception {
        loop.execute(loop::stop);
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    @Test
    void theDialectSeesTheClientAddressAndWhatFollowedTheHeaderInTheSameWrite() throws Exception {
        try (Socket socket = ClientSocket.raw(trusted)) {
            write(socket, (TCP4 + "hello\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(read(socket, "from 203.0.113.7\nhello\n")).isEqualTo("from 203.0.113.7\nhello\n");
        }
    }

    @Test
    void aVersion2HeaderMayComeAByteAtATime() throws Exception {
        byte[] header = ProxyHeaderTest.v2(1, 0x21, ProxyHeaderTest.addresses("2001:db8::7", "::1"));
        try (Socket socket = ClientSocket.raw(trusted)) {
            for (byte b : header) {
                write(socket, new byte[] {b});
            }
            write(socket, "after\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(socket, "from 2001:db8::7\nafter\n")).isEqualTo("from 2001:db8::7\nafter\n");
        }
    }

    @Test
    void aLocalHeaderKeepsTheProxysOwnAddress() throws Exception {
        try (Socket socket = ClientSocket.raw(trusted)) {
            write(socket, ProxyHeaderTest.v2(0, 0x00, new byte[0]));
            assertThat(read(socket, "from 127.0.0.1\n")).isEqualTo("from 127.0.0.1\n");
        }
    }

    @Test
    void aPeerThatIsNoTrustedProxyIsRefusedWhateverItSays() throws Exception {
        try (Socket socket = ClientSocket.raw(untrusted)) {
            assertThat(readToEnd(socket)).isEqualTo("not from a trusted proxy");
        }
        try (Socket socket = ClientSocket.raw(untrusted)) {
            write(socket, (TCP4 + "hello\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntilClosed(socket)).doesNotContain("from 203.0.113.7");
        }
        assertThat(opened).hasValue(0);
    }

    @Test
    void garbageAnOversizeHeaderAndASlowOneAreClosedBeforeTheDialectHearsOfThem() throws Exception {
        try (Socket garbage = ClientSocket.raw(trusted); Socket oversize = ClientSocket.raw(trusted);
             Socket slow = ClientSocket.raw(trusted)) {
            write(garbage, "NICK alice\r\n".getBytes(StandardCharsets.US_ASCII));
            write(oversize, ("PROXY TCP4 " + "1".repeat(200)).getBytes(StandardCharsets.US_ASCII));
            write(slow, "PROXY TCP4 203.0.113.7 ".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            assertThat(readToEnd(garbage)).isEmpty();
            assertThat(readToEnd(oversize)).isEmpty();
            assertThat(readToEnd(slow)).isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .as("the slow one waited for its deadline").isGreaterThanOrEqualTo(HEADER_MILLIS - 50);
        }
        assertThat(opened).hasValue(0);
        assertThat(OnLoop.call(loop, () -> loop.connections().memory().used())).as("held header bytes given back")
                .isZero();
    }

    @Test
    void perAddressLimitsCountTheClientsAddressNotTheProxys() throws Exception {
        try (Socket first = ClientSocket.raw(limited); Socket second = ClientSocket.raw(limited);
             Socket other = ClientSocket.raw(limited)) {
            write(first, "PROXY TCP4 203.0.113.9 127.0.0.1 1 2\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(first, "from 203.0.113.9\n")).isEqualTo("from 203.0.113.9\n");
            write(second, "PROXY TCP4 203.0.113.9 127.0.0.1 3 2\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readToEnd(second)).isEqualTo("too many connections from 203.0.113.9 (1)");
            write(other, "PROXY TCP4 203.0.113.10 127.0.0.1 4 2\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(other, "from 203.0.113.10\n")).as("all three come from 127.0.0.1, the proxy")
                    .isEqualTo("from 203.0.113.10\n");
        }
    }

    private static void write(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Reads until as many bytes as {@code expected} has have come, or the server closes. */
    private static String read(Socket socket, String expected) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] bytes = in.readNBytes(expected.length());
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String readToEnd(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    /** What came before the server closed; a close with our bytes unread is a reset, which may lose what it sent. */
    private static String readUntilClosed(Socket socket) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[256];
        try {
            for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
                text.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
            }
        } catch (SocketException reset) {
            // the server closed with our bytes unread: what came before is all there is
        }
        return text.toString();
    }
}
