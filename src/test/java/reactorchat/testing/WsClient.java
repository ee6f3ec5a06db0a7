package reactorchat.testing;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import reactorchat.testing.TextClient.Expected;

/**
 * A WebSocket client made with the JDK's own ({@code java.net.http.WebSocket}), in the send/expect
 * style of {@link TextClient}: every message, pong and close the server sends is queued in order,
 * and each expectation takes the next one within {@link ClientSocket#DEADLINE}.
 */
public final class WsClient implements AutoCloseable {
    /** A pong and its payload. */
    public record Pong(ByteBuffer payload) {
    }

    /** The server's close frame. */
    public record Closed(int code, String reason) {
    }

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private WsClient(InetSocketAddress address, String path, String... subprotocols) throws Exception {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        URI uri = URI.create("ws://" + address.getHostString() + ":" + address.getPort() + path);
        socket = builder.buildAsync(uri, new Collector()).get(ClientSocket.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Opens {@code /ws} of the web listener at {@code address}, offering {@code subprotocols} in that order. */
    public static WsClient connect(InetSocketAddress address, String... subprotocols) throws Exception {
        return new WsClient(address, "/ws", subprotocols);
    }

    /** Opens a WebSocket at {@code path} of the web listener at {@code address}. */
    public static WsClient connectAt(InetSocketAddress address, String path, String... subprotocols) throws Exception {
        return new WsClient(address, path, subprotocols);
    }

    /** The subprotocol the server chose; empty if it named none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Sends each line as one text message. */
    public WsClient send(String... messages) throws Exception {
        for (String message : messages) {
            socket.sendText(message, true).get(ClientSocket.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        return this;
    }

    public WsClient ping(String payload) throws Exception {
        socket.sendPing(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)))
                .get(ClientSocket.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Starts the close handshake with {@code code}. */
    public WsClient sendClose(int code, String reason) throws Exception {
        socket.sendClose(code, reason).get(ClientSocket.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** The next thing the server sent, whatever it is; fails if nothing comes in time. */
    public Object next() throws InterruptedException {
        Object next = received.poll(ClientSocket.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("nothing from the server within " + ClientSocket.DEADLINE.toSeconds() + " s");
        }
        return next;
    }

    /** The next message, which must be text described by {@code expected}. */
    public String expect(Expected expected) throws InterruptedException {
        Object next = next();
        if (!(next instanceof String text) || !expected.test().test(text)) {
            throw new AssertionError("expected " + expected.description() + ", got " + next);
        }
        return text;
    }

    public String expectRegex(String regex) throws InterruptedException {
        return expect(Expected.regex(regex));
    }

    /** Passes over messages up to the first described by {@code expected}, and returns it. */
    public String skipUntil(Expected expected) throws InterruptedException {
        long deadline = ClientSocket.deadlineFromNow();
        while (System.nanoTime() < deadline) {
            Object next = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next instanceof String text && expected.test().test(text)) {
                return text;
            }
        }
        throw new AssertionError("no " + expected.description() + " within " + ClientSocket.DEADLINE.toSeconds() + " s");
    }

    public String skipUntilFind(String regex) throws InterruptedException {
        return skipUntil(Expected.find(regex));
    }

    /** Passes over messages up to the server's close frame, and returns it. */
    public Closed expectClosed() throws InterruptedException {
        long deadline = ClientSocket.deadlineFromNow();
        while (System.nanoTime() < deadline) {
            Object next = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next instanceof Closed closed) {
                return closed;
            }
        }
        throw new AssertionError("no close frame within " + ClientSocket.DEADLINE.toSeconds() + " s");
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** Queues whole messages: the JDK may hand a text message over in parts. */
    private final class Collector implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            received.add(new AssertionError("a binary message where text was expected"));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            received.add(new Pong(message));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.add(new Closed(statusCode, reason));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            received.add(error);
        }
    }
}
