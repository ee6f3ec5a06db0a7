package reactorchat.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The blocking socket under every test client, and the one deadline policy: whatever a test
 * waits for from the server (a connection, a line, a frame, a close) must come within
 * {@link #DEADLINE}, or the test fails saying what it waited for and what it had read.
 */
public final class ClientSocket implements AutoCloseable {
    /** How long any one wait for the server may take: long enough for a loaded CI machine, short enough to fail. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private ClientSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects with a small receive buffer (0: the OS's), for a client that is meant to stop reading. */
    static ClientSocket connect(InetSocketAddress address, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(address, (int) DEADLINE.toMillis());
        return new ClientSocket(socket);
    }

    /** Whether a connection over ::1 arrives from ::1: some sandboxes carry it as IPv4, or lack it. */
    public static boolean hasIpv6Loopback() {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("::1"));
             Socket client = raw((InetSocketAddress) listener.getLocalSocketAddress());
             Socket accepted = listener.accept()) {
            return accepted.getInetAddress() instanceof Inet6Address;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Connects and completes a TLS handshake with {@code tls}, which must trust the server's
     * certificate; with a small receive buffer (0: the OS's) for a client meant to stop reading.
     */
    static ClientSocket connectTls(InetSocketAddress address, SSLContext tls, int receiveBuffer) throws IOException {
        Socket plain = new Socket();
        if (receiveBuffer > 0) {
            plain.setReceiveBufferSize(receiveBuffer);
        }
        plain.connect(address, (int) DEADLINE.toMillis());
        plain.setSoTimeout((int) DEADLINE.toMillis());
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, address.getHostString(),
                address.getPort(), true);
        socket.startHandshake();
        return new ClientSocket(socket);
    }

    /** The socket itself, for a test that looks at its TLS session. */
    Socket socket() {
        return socket;
    }

    /**
     * A plain socket for a test that speaks raw bytes (HTTP, a broken frame): connected within the
     * deadline, and each of its reads bounded by it.
     */
    public static Socket raw(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, (int) DEADLINE.toMillis());
        socket.setSoTimeout((int) DEADLINE.toMillis());
        return socket;
    }

    /** When a wait that starts now must end. */
    static long deadlineFromNow() {
        return System.nanoTime() + DEADLINE.toNanos();
    }

    OutputStream out() {
        return out;
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
    }

    /**
     * Reads what has arrived into {@code buffer}, waiting at most until {@code deadline}; -1 once
     * the server has closed (a reset counts as a close, as far as a test is concerned). Fails at
     * the deadline with "no <what> within 10 s" and {@code unread}.
     */
    int read(byte[] buffer, long deadline, Supplier<String> what, Supplier<Object> unread) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timedOut(what, unread);
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        try {
            return in.read(buffer);
        } catch (SocketTimeoutException e) {
            throw timedOut(what, unread);
        } catch (IOException e) {
            return -1;
        }
    }

    private static AssertionError timedOut(Supplier<String> what, Supplier<Object> unread) {
        return new AssertionError("no " + what.get() + " within " + DEADLINE.toSeconds() + " s; unread: " + unread.get());
    }

    /** True if bytes have arrived that nobody has read yet, or the socket is closed. */
    boolean hasUnreadBytesOrIsClosed() throws IOException {
        return socket.isClosed() || in.available() > 0;
    }

    /** Makes {@link #close} reset the connection (RST) instead of closing it cleanly (FIN). */
    void resetOnClose() throws IOException {
        socket.setSoLinger(true, 0);
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
