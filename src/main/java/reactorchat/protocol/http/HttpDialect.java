package reactorchat.protocol.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import reactorchat.codec.LineDecoder;
import reactorchat.protocol.InputLimits;
import reactorchat.reactor.Connection;
import reactorchat.reactor.ConnectionFactory;
import reactorchat.reactor.ConnectionHandler;

/**
 * A minimal HTTP/1.x server on the chat's own loop, for monitoring: {@code GET /metrics} in the
 * Prometheus text format and {@code GET /healthz}. One request per connection; the answer is
 * written and the connection closed. Request lines and headers obey {@code --max-line}.
 */
public final class HttpDialect implements ConnectionFactory {
    /** More header lines than any monitoring client sends; past it the request is refused. */
    private static final int MAX_HEADER_LINES = 100;

    private final Supplier<String> metrics;
    private final int headerTimeoutSeconds;
    private InputLimits limits;

    /**
     * @param metrics              renders the metrics page; called on the loop thread for each scrape
     * @param headerTimeoutSeconds a request whose headers have not all come this long after the
     *                             connect is answered 408 and closed; 0 means never
     * @param limits               its line length is the longest request line or header; there is
     *                             no flood control
     */
    public HttpDialect(Supplier<String> metrics, int headerTimeoutSeconds, InputLimits limits) {
        if (headerTimeoutSeconds < 0) {
            throw new IllegalArgumentException("http-header-timeout must be 0 (never) or more");
        }
        this.metrics = metrics;
        this.headerTimeoutSeconds = headerTimeoutSeconds;
        this.limits = limits;
    }

    /** Takes new input limits for requests from now on. */
    public void reload(InputLimits next) {
        limits = next;
    }

    @Override
    public ConnectionHandler open(Connection connection) {
        return new Exchange(connection, limits.maxLineBytes());
    }

    @Override
    public ByteBuffer refusal(String reason) {
        return response(503, "Service Unavailable", "text/plain; charset=utf-8", reason + "\n", false);
    }

    static ByteBuffer response(int status, String reason, String type, String body, boolean headOnly) {
        return ClosingResponse.of(status, reason, type, status == 405 ? "Allow: GET, HEAD\r\n" : "",
                body.getBytes(StandardCharsets.UTF_8), headOnly);
    }

    /** One request and its answer. */
    private final class Exchange implements ConnectionHandler, LineDecoder.Sink {
        private final Connection connection;
        private final LineDecoder decoder;
        private String method;
        private String path;
        private int headerLines;

        Exchange(Connection connection, int maxLineBytes) {
            this.connection = connection;
            this.decoder = new LineDecoder(maxLineBytes, connection.memory());
            if (headerTimeoutSeconds > 0) {
                // Counted from the connect, not the last byte, so that trickling bytes buys no time.
                connection.timers().schedule(TimeUnit.SECONDS.toMillis(headerTimeoutSeconds), () -> finish(408, "Request Timeout",
                        "no complete request within " + headerTimeoutSeconds + " seconds\n"));
            }
        }

        @Override
        public void onBytes(ByteBuffer in) {
            decoder.decode(in, this);
        }

        @Override
        public void line(byte[] bytes, int offset, int length) {
            if (!connection.isOpen()) {
                return;
            }
            String line = new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
            if (method == null) {
                requestLine(line);
            } else if (line.isEmpty()) {
                answer();
            } else if (++headerLines > MAX_HEADER_LINES) {
                finish(431, "Request Header Fields Too Large", "too many header lines\n");
            }
        }

        @Override
        public void lineTooLong(int maxLength) {
            if (!connection.isOpen()) {
                return; // answered already: one response per connection, whatever else came in that read
            }
            finish(431, "Request Header Fields Too Large", "a request line or header is over " + maxLength + " bytes\n");
        }

        @Override
        public void memoryRefused(long bytes) {
            if (connection.isOpen()) {
                finish(503, "Service Unavailable", "server busy: no memory for the request\n");
            }
        }

        private void requestLine(String line) {
            RequestLine request = RequestLine.parse(line);
            if (request == null) {
                finish(400, "Bad Request", "expected: GET /metrics HTTP/1.1\n");
                return;
            }
            method = request.method();
            path = request.path();
        }

        private void answer() {
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                finish(405, "Method Not Allowed", "only GET and HEAD\n");
            } else if (path.equals("/metrics")) {
                send(response(200, "OK", "text/plain; version=0.0.4; charset=utf-8", metrics.get(), head));
            } else if (path.equals("/healthz")) {
                send(response(200, "OK", "text/plain; charset=utf-8", "ok\n", head));
            } else {
                finish(404, "Not Found", "try /metrics or /healthz\n");
            }
        }

        private void finish(int status, String reason, String body) {
            send(response(status, reason, "text/plain; charset=utf-8", body, false));
        }

        private void send(ByteBuffer bytes) {
            connection.send(bytes);
            connection.closeAfterFlush("http response sent");
        }

        @Override
        public void onEof() {
            connection.closeAfterFlush("peer closed");
        }

        @Override
        public void onIdle() {
            connection.close("idle");
        }

        @Override
        public void onShutdown() {
            connection.close("server shutting down");
        }

        @Override
        public void onClosed(String reason) {
            // nothing held beyond the decoder
        }
    }
}
