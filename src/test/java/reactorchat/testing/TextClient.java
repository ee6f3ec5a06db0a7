package reactorchat.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A blocking client for any text dialect (line, irc, echo), in the send/expect style: send lines,
 * then expect lines within {@link ClientSocket#DEADLINE}.
 *
 * <p>The one expect rule: {@code expect} takes the <em>next</em> line the server sent and fails if
 * it is not the one described, or if none comes in time. No line is passed over unless the test
 * says so: {@link #skipUntil} passes over lines up to the first one described, and
 * {@link #linesUntil} and {@link #linesThrough} do the same and return what they passed over,
 * for the test to look at. All the waiting of one call shares one deadline.
 *
 * <p>A line is described {@link Expected#exactly exactly}, by a {@link Expected#regex regex} the
 * whole line matches, or by a regex {@link Expected#find found} anywhere in it (how IRC replies
 * are recognised, by their numeric or command).
 *
 * <p>A line is what the server sent up to LF, decoded as UTF-8; a client made with
 * {@link #connectCrlf} also drops the CR before the LF, as IRC clients do.
 */
public final class TextClient implements AutoCloseable {

    /** What a line must be, and how to say so when it is not. */
    public record Expected(String description, Predicate<String> test) {
        public static Expected exactly(String line) {
            return new Expected("'" + line + "'", line::equals);
        }

        /** A regex the whole line matches. */
        public static Expected regex(String regex) {
            Pattern pattern = Pattern.compile(regex);
            return new Expected("/" + regex + "/", line -> pattern.matcher(line).matches());
        }

        /** A regex found somewhere in the line. */
        public static Expected find(String regex) {
            Pattern pattern = Pattern.compile(regex);
            return new Expected("a line containing /" + regex + "/", line -> pattern.matcher(line).find());
        }
    }

    private final ClientSocket socket;
    private final boolean crlf;
    private final List<String> unread = new ArrayList<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[16384];
    private boolean eof;

    private TextClient(ClientSocket socket, boolean crlf) {
        this.socket = socket;
        this.crlf = crlf;
    }

    /** A client whose lines end in LF. */
    public static TextClient connect(InetSocketAddress address) throws IOException {
        return new TextClient(ClientSocket.connect(address, 0), false);
    }

    /** A client whose lines end in CR LF, as IRC's do. */
    public static TextClient connectCrlf(InetSocketAddress address) throws IOException {
        return new TextClient(ClientSocket.connect(address, 0), true);
    }

    /** A client over TLS, trusting what {@code tls} trusts; CR LF line ends if {@code crlf}. */
    public static TextClient connectTls(InetSocketAddress address, SSLContext tls, boolean crlf) throws IOException {
        return new TextClient(ClientSocket.connectTls(address, tls, 0), crlf);
    }

    /** {@link #connectTls} with a small receive buffer, for a client that is meant to stop reading. */
    public static TextClient connectTlsWithReceiveBuffer(InetSocketAddress address, SSLContext tls, int bytes)
            throws IOException {
        return new TextClient(ClientSocket.connectTls(address, tls, bytes), false);
    }

    /** The TLS session of a client made with {@link #connectTls}. */
    public SSLSession tlsSession() {
        return ((SSLSocket) socket.socket()).getSession();
    }

    /** {@link #connect} with a small receive buffer, for a client that is meant to stop reading. */
    public static TextClient connectWithReceiveBuffer(InetSocketAddress address, int bytes) throws IOException {
        return new TextClient(ClientSocket.connect(address, bytes), false);
    }

    /** Sends each line with this client's line ending, all in one write. */
    public TextClient send(String... lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append(crlf ? "\r\n" : "\n");
        }
        return sendRaw(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public TextClient sendRaw(byte[] bytes) throws IOException {
        socket.write(bytes, 0, bytes.length);
        return this;
    }

    /** True once the server has sent this client anything, whether read yet or not; closed clients count. */
    public boolean hasBeenSentAnything() throws IOException {
        return !unread.isEmpty() || partial.size() > 0 || socket.hasUnreadBytesOrIsClosed();
    }

    /** Makes {@link #close} reset the connection (RST) instead of closing it cleanly (FIN). */
    public void resetOnClose() throws IOException {
        socket.resetOnClose();
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** The next line, which must be {@code line} exactly. */
    public String expect(String line) throws IOException {
        return expect(Expected.exactly(line));
    }

    /** The next line, which must match {@code regex} as a whole. */
    public String expectRegex(String regex) throws IOException {
        return expect(Expected.regex(regex));
    }

    /** The next line, in which {@code regex} must be found. */
    public String expectFind(String regex) throws IOException {
        return expect(Expected.find(regex));
    }

    /** The next line, which must be as {@code expected} describes. */
    public String expect(Expected expected) throws IOException {
        String line = nextLine(expected::description, ClientSocket.deadlineFromNow());
        if (!expected.test().test(line)) {
            throw new AssertionError("expected " + expected.description() + " but the next line was '" + line
                    + "'; unread after it: " + unread);
        }
        return line;
    }

    /** The next line, whatever it is. */
    public String nextLine() throws IOException {
        return nextLine(() -> "any line", ClientSocket.deadlineFromNow());
    }

    /** Passes over lines up to the first that is as {@code wanted} describes, and returns that one. */
    public String skipUntil(Expected wanted) throws IOException {
        List<String> lines = linesThrough(wanted);
        return lines.get(lines.size() - 1);
    }

    /** As {@link #skipUntil}, but returns the lines passed over; the line found is consumed too. */
    public List<String> linesUntil(Expected wanted) throws IOException {
        List<String> lines = linesThrough(wanted);
        return lines.subList(0, lines.size() - 1);
    }

    /** The lines passed over up to the first that is as {@code wanted} describes, and that one last. */
    public List<String> linesThrough(Expected wanted) throws IOException {
        long deadline = ClientSocket.deadlineFromNow();
        List<String> lines = new ArrayList<>();
        do {
            lines.add(nextLine(() -> wanted.description() + " (passed over " + lines + ")", deadline));
        } while (!wanted.test().test(lines.get(lines.size() - 1)));
        return lines;
    }

    /** Waits until the server closes the connection; the lines not read until then are returned. */
    public List<String> expectClosed() throws IOException {
        long deadline = ClientSocket.deadlineFromNow();
        while (!eof) {
            readSome(deadline, () -> "close of the connection");
        }
        List<String> rest = new ArrayList<>(unread);
        unread.clear();
        return rest;
    }

    private String nextLine(Supplier<String> what, long deadline) throws IOException {
        while (unread.isEmpty()) {
            if (eof) {
                throw new AssertionError("connection closed while waiting for " + what.get());
            }
            readSome(deadline, what);
        }
        return unread.remove(0);
    }

    private void readSome(long deadline, Supplier<String> what) throws IOException {
        int n = socket.read(buffer, deadline, what, () -> unread);
        if (n < 0) {
            eof = true;
            return;
        }
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
                partial.write(buffer, start, i - start);
                unread.add(lineOf(partial.toByteArray()));
                partial.reset();
                start = i + 1;
            }
        }
        partial.write(buffer, start, n - start);
    }

    private String lineOf(byte[] bytes) {
        int length = crlf && bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
