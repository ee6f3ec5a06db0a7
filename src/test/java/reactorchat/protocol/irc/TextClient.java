package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A test client for any text dialect, in the send/expect style: {@link #expect} reads lines until
 * one matches, or fails at the deadline showing everything read while waiting.
 */
final class TextClient implements AutoCloseable {
    static final long DEADLINE_MILLIS = 5_000;

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final String eol;

    TextClient(InetSocketAddress address, String eol) throws IOException {
        socket = new Socket();
        socket.connect(address, (int) DEADLINE_MILLIS);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
        this.eol = eol;
    }

    /** Sends each line with this client's line ending. */
    TextClient send(String... lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append(eol);
        }
        sendRaw(text.toString().getBytes(StandardCharsets.UTF_8));
        return this;
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The first line, from now, that contains a match of {@code regex}. */
    String expect(String regex) throws IOException {
        return expectAll(regex).get(0);
    }

    /** Lines read up to and including the first that matches; that line comes first in the result. */
    List<String> expectAll(String regex) throws IOException {
        Pattern pattern = Pattern.compile(regex);
        List<String> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (true) {
            String line = readLine(deadline, regex, seen);
            if (pattern.matcher(line).find()) {
                List<String> result = new ArrayList<>();
                result.add(line);
                result.addAll(seen);
                return result;
            }
            seen.add(line);
        }
    }

    /** Every line read before the first match of {@code regex}. */
    List<String> linesUntil(String regex) throws IOException {
        List<String> all = expectAll(regex);
        return all.subList(1, all.size());
    }

    /** Waits for the server to close the connection; fails if it does not within the deadline. */
    void expectClosed() throws IOException {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (true) {
            int left = (int) Math.max(1, deadline - System.currentTimeMillis());
            socket.setSoTimeout(left);
            try {
                if (in.readLine() == null) {
                    return;
                }
            } catch (SocketTimeoutException e) {
                fail("connection still open after " + DEADLINE_MILLIS + " ms");
            } catch (IOException e) {
                return; // reset by the server counts as closed
            }
        }
    }

    private String readLine(long deadline, String regex, List<String> seen) throws IOException {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
            fail("no line matching /" + regex + "/ within " + DEADLINE_MILLIS + " ms; got " + seen);
        }
        socket.setSoTimeout((int) left);
        try {
            String line = in.readLine();
            if (line == null) {
                fail("connection closed while waiting for /" + regex + "/; got " + seen);
            }
            return line;
        } catch (SocketTimeoutException e) {
            return fail("no line matching /" + regex + "/ within " + DEADLINE_MILLIS + " ms; got " + seen);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
