package reactorchat.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A blocking test client in the send/expect style: send lines, then expect lines to arrive within
 * a deadline. Lines that arrive but are not asked for are kept, in order, for later expectations.
 */
public final class LineClient implements AutoCloseable {
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final List<String> unread = new ArrayList<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[16384];
    private boolean eof;

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static LineClient connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 5_000);
        return new LineClient(socket);
    }

    /** Connects with a small receive buffer, for a client that is meant to stop reading. */
    public static LineClient connectWithReceiveBuffer(InetSocketAddress address, int bytes) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(bytes);
        socket.connect(address, 5_000);
        return new LineClient(socket);
    }

    public LineClient send(String line) throws IOException {
        return sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public LineClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** True once the server has sent this client anything, whether read yet or not; closed clients count. */
    public boolean hasBeenSentAnything() throws IOException {
        if (socket.isClosed()) {
            return true;
        }
        return !unread.isEmpty() || partial.size() > 0 || in.available() > 0;
    }

    /** Makes {@link #close} reset the connection (RST) instead of closing it cleanly (FIN). */
    public void resetOnClose() throws IOException {
        socket.setSoLinger(true, 0);
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Waits for the first line equal to {@code expected}; lines before it are consumed. */
    public String expect(String expected) throws IOException {
        return expectMatching(expected::equals, "'" + expected + "'");
    }

    /** Waits for the first line matching a regular expression; lines before it are consumed. */
    public String expectRegex(String regex) throws IOException {
        Pattern pattern = Pattern.compile(regex);
        return expectMatching(line -> pattern.matcher(line).matches(), "/" + regex + "/");
    }

    /** The next line, whatever it is. */
    public String nextLine() throws IOException {
        return expectMatching(line -> true, "any line");
    }

    public String expectMatching(Predicate<String> wanted, String description) throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            while (!unread.isEmpty()) {
                String line = unread.remove(0);
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (eof) {
                throw new AssertionError("connection closed while waiting for " + description);
            }
            readSome(deadline, description);
        }
    }

    /** Waits until the server closes the connection; lines until then are returned. */
    public List<String> expectClosed() throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!eof) {
            readSome(deadline, "the connection to close");
        }
        List<String> rest = new ArrayList<>(unread);
        unread.clear();
        return rest;
    }

    private void readSome(long deadline, String description) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AssertionError("no " + description + " within " + DEADLINE.toSeconds() + " s; unread: " + unread);
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        int n;
        try {
            n = in.read(buffer);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no " + description + " within " + DEADLINE.toSeconds() + " s; unread: " + unread);
        } catch (IOException e) {
            n = -1; // a reset is a close, as far as a test is concerned
        }
        if (n < 0) {
            eof = true;
            return;
        }
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
                partial.write(buffer, start, i - start);
                unread.add(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
                start = i + 1;
            }
        }
        partial.write(buffer, start, n - start);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
