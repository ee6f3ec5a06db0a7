package reactorchat.protocol.web;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import reactorchat.codec.LineDecoder;
import reactorchat.codec.WebSocketDecoder;
import reactorchat.codec.WebSocketFrames;
import reactorchat.protocol.http.RequestLine;
import reactorchat.protocol.irc.IrcDialect;
import reactorchat.reactor.Connection;
import reactorchat.reactor.ConnectionHandler;
import reactorchat.reactor.Timer;

/**
 * One connection to the web dialect: an HTTP/1.1 request, answered with a file of the web client
 * and closed, or at {@code /ws} (or at {@code /} when it asks to upgrade) upgraded to a WebSocket, after which a {@link WebSocketLink} has
 * its bytes. A request line or header may be up to {@link #MAX_HEADER_LINE} bytes, whatever the
 * chat's {@code --max-line}: a browser sends every cookie it has for the host. The request line and
 * the headers it needs are kept until the answer, charged to the connection's memory.
 */
final class WebExchange implements ConnectionHandler, LineDecoder.Sink {
    /** A request line or header line, as long as common servers take (cookies can be long). */
    static final int MAX_HEADER_LINE = 8 << 10;
    /** Far more than any path served here; a longer one is refused with 414 and never kept. */
    static final int MAX_PATH = 1 << 10;
    /** More header lines than any browser sends; past it the request is refused. */
    private static final int MAX_HEADER_LINES = 100;
    /** What a kept header costs beyond its characters: a map entry and two strings. */
    private static final int HEADER_OVERHEAD = 96;
    /** The headers an answer depends on; the others are only counted. */
    private static final Set<String> KEPT = Set.of("host", "upgrade", "connection", "origin", "if-none-match",
            "sec-websocket-key", "sec-websocket-version", "sec-websocket-protocol", "x-forwarded-for");

    private final WebDialect dialect;
    private final Connection connection;
    private final LineDecoder decoder;
    private final Timer headerDeadline;
    private final Map<String, String> headers = new HashMap<>();
    private long charged;
    private String method;
    private String path;
    private String version;
    private int headerLines;
    /** Null until the handshake is done. */
    private WebSocketLink link;

    WebExchange(WebDialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
        this.decoder = new LineDecoder(MAX_HEADER_LINE, connection.memory());
        int timeout = dialect.options.headerTimeoutSeconds();
        // Counted from the connect, not the last byte, so that trickling bytes buys no time.
        this.headerDeadline = timeout == 0 ? null : connection.timers().schedule(TimeUnit.SECONDS.toMillis(timeout),
                () -> refuse(408, "Request Timeout", "no complete request within " + timeout + " seconds", ""));
    }

    @Override
    public void onBytes(ByteBuffer in) {
        if (link != null) {
            link.onBytes(in);
            return;
        }
        decoder.decode(in, this);
        if (link != null && decoder.hasPartial()) {
            // RFC 6455 section 4.1: a client waits for the handshake's answer before it sends frames.
            link.failed(WebSocketFrames.PROTOCOL_ERROR, "frames sent before the handshake was answered");
        }
    }

    @Override
    public void line(byte[] bytes, int offset, int length) {
        if (!connection.isOpen() || link != null) {
            return; // answered already: one answer per connection
        }
        String line = new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        if (method == null) {
            requestLine(line);
        } else if (line.isEmpty()) {
            decoder.pause(); // what follows the request is the WebSocket's, or nothing
            answer();
        } else if (++headerLines > MAX_HEADER_LINES) {
            refuse(431, "Request Header Fields Too Large", "too many header lines", "");
        } else {
            header(line);
        }
    }

    @Override
    public void lineTooLong(int maxLength) {
        if (!connection.isOpen() || link != null) {
            return;
        }
        if (method == null) {
            refuse(414, "URI Too Long", "a request line is over " + maxLength + " bytes", "");
        } else {
            refuse(431, "Request Header Fields Too Large", "a header is over " + maxLength + " bytes", "");
        }
    }

    @Override
    public void memoryRefused(long bytes) {
        if (connection.isOpen() && link == null) {
            refuse(503, "Service Unavailable", "server busy: no memory for the request", "");
        }
    }

    private void requestLine(String line) {
        RequestLine request = RequestLine.parse(line);
        if (request == null) {
            refuse(400, "Bad Request", "expected: GET / HTTP/1.1", "");
            return;
        }
        if (request.path().length() > MAX_PATH) {
            refuse(414, "URI Too Long", "a path is over " + MAX_PATH + " bytes", "");
            return;
        }
        if (!charge(line.length())) {
            return;
        }
        method = request.method();
        path = request.path();
        version = request.version();
    }

    private void header(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            refuse(400, "Bad Request", "a header line without a name", "");
            return;
        }
        String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        if (!KEPT.contains(name)) {
            return;
        }
        String value = line.substring(colon + 1).strip();
        if (!charge(value.length())) {
            return;
        }
        headers.merge(name, value, (first, next) -> first + ", " + next); // repeated headers are one list
    }

    /** Charges what is kept of a line of {@code length} characters; false, and the request refused, if there is no room. */
    private boolean charge(int length) {
        long cost = length + HEADER_OVERHEAD;
        if (!connection.memory().tryCharge(cost)) {
            refuse(503, "Service Unavailable", "server busy: no memory for the request", "");
            return false;
        }
        charged += cost;
        return true;
    }

    private void answer() {
        String overLimit = takeForwardedAddress();
        if (overLimit != null) {
            refuse(503, "Service Unavailable", overLimit, "");
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
            refuse(405, "Method Not Allowed", "only GET and HEAD", "Allow: GET, HEAD\r\n");
        } else if (path.equals("/ws") || path.equals("/") && Handshake.hasToken(headers.get("upgrade"), "websocket")) {
            upgrade(); // at / too: web IRC clients and the IRCv3 WebSocket tests are given a bare ws://host:port
        } else {
            serveFile();
        }
        connection.memory().release(charged);
        charged = 0;
        headers.clear();
    }

    /**
     * Takes the client's address from X-Forwarded-For when a trusted proxy sent the request, so
     * that the user a WebSocket becomes has it.
     *
     * @return null, or why not: that address has its --max-per-address connections already
     */
    private String takeForwardedAddress() {
        InetAddress client = ForwardedFor.client(headers.get("x-forwarded-for"), connection.peerAddress(),
                dialect.options.proxies());
        return client == null ? null : connection.readdress(client);
    }

    private void serveFile() {
        StaticFiles.File file = dialect.files.get(path);
        if (file == null) {
            refuse(404, "Not Found", "no such page; the chat is at / and its WebSocket at /ws", "");
            return;
        }
        boolean unchanged = StaticFiles.matches(headers.get("if-none-match"), file.etag());
        String extra = "ETag: " + file.etag() + "\r\nCache-Control: no-cache\r\n";
        send(WebResponse.of(unchanged ? 304 : 200, unchanged ? "Not Modified" : "OK", file.type(), extra, file.bytes(),
                method.equals("HEAD")));
    }

    /** RFC 6455 section 4.2: checks the client's handshake, then switches the connection to WebSocket. */
    private void upgrade() {
        String offered = headers.get("sec-websocket-protocol");
        Subprotocol protocol = Subprotocol.chosen(offered);
        if (!method.equals("GET") || !version.equals("HTTP/1.1") || !headers.containsKey("host")) {
            refuse(400, "Bad Request", "a WebSocket opens with GET, HTTP/1.1 and a Host header", "");
        } else if (!Handshake.hasToken(headers.get("upgrade"), "websocket")
                || !Handshake.hasToken(headers.get("connection"), "upgrade")) {
            refuse(426, "Upgrade Required", "/ws is a WebSocket", "Upgrade: websocket\r\n");
        } else if (!"13".equals(headers.get("sec-websocket-version"))) {
            refuse(426, "Upgrade Required", "only WebSocket version 13", "Sec-WebSocket-Version: 13\r\n");
        } else if (!Handshake.isKey(headers.get("sec-websocket-key"))) {
            refuse(400, "Bad Request", "Sec-WebSocket-Key must be 16 bytes in base64", "");
        } else if (!Handshake.originAllowed(headers.get("origin"), headers.get("host"), dialect.options.origins(),
                connection.localAddress(), dialect.options.hosts())) {
            refuse(403, "Forbidden", "pages from " + headers.get("origin") + " may not open a WebSocket here", "");
        } else if (protocol == null) {
            refuse(400, "Bad Request", "no subprotocol offered is known; this server speaks text.ircv3.net,"
                    + " binary.ircv3.net and reactor-chat.v1", "");
        } else {
            switchTo(protocol, offered != null && !offered.isBlank());
        }
    }

    private void switchTo(Subprotocol protocol, boolean named) {
        if (headerDeadline != null) {
            headerDeadline.cancel();
        }
        connection.send(WebResponse.switching(Handshake.accept(headers.get("sec-websocket-key")), protocol, named));
        link = new WebSocketLink(connection, dialect.framing(protocol));
        int maxLine = protocol.irc ? IrcDialect.maxLineBytes() : dialect.line.maxLineBytes();
        WebSocketDecoder frames = new WebSocketDecoder(dialect.options.maxMessageBytes(), maxLine, link,
                connection.memory());
        link.start(protocol.irc ? dialect.irc.open(connection, frames) : dialect.line.open(connection, frames));
    }

    private void refuse(int status, String reason, String body, String extraHeaders) {
        send(WebResponse.text(status, reason, body + "\n", extraHeaders));
    }

    private void send(ByteBuffer bytes) {
        connection.send(bytes);
        connection.closeAfterFlush("http response sent");
    }

    @Override
    public void onEof() {
        if (link != null) {
            link.onEof();
        } else {
            connection.closeAfterFlush("peer closed");
        }
    }

    @Override
    public void onIdle() {
        if (link != null) {
            link.onIdle();
        } else {
            connection.close("idle");
        }
    }

    @Override
    public void onShutdown() {
        if (link != null) {
            link.onShutdown();
        } else {
            connection.close("server shutting down");
        }
    }

    @Override
    public void onWritable() {
        if (link != null) {
            link.onWritable();
        }
    }

    @Override
    public void onClosed(String reason) {
        if (link != null) {
            link.onClosed(reason);
        }
    }
}
