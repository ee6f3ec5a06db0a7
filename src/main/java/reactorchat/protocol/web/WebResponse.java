package reactorchat.protocol.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import reactorchat.protocol.http.ClosingResponse;

/**
 * The web dialect's HTTP/1.1 answers. Every one carries the headers that keep a browser strict
 * with what it gets: no script or style from anywhere but this server and none inline, no page
 * of another site framing this one (clickjacking), no base URL or form target elsewhere, no
 * guessing of content types, no Referer sent on from the page.
 */
final class WebResponse {
    static final String SECURITY_HEADERS = "Content-Security-Policy: default-src 'self'; frame-ancestors 'none';"
            + " base-uri 'none'; form-action 'self'\r\n"
            + "X-Content-Type-Options: nosniff\r\n"
            + "Referrer-Policy: no-referrer\r\n";

    private WebResponse() {
    }

    /** A plain-text answer, and the connection closes after it. */
    static ByteBuffer text(int status, String reason, String body, String extraHeaders) {
        return of(status, reason, "text/plain; charset=utf-8", extraHeaders,
                body.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * An answer that closes the connection after it; {@code extraHeaders} are whole header lines,
     * each ended by CRLF. {@code headOnly}: the head of the answer alone, as HEAD wants.
     */
    static ByteBuffer of(int status, String reason, String type, String extraHeaders, byte[] body, boolean headOnly) {
        return ClosingResponse.of(status, reason, type, SECURITY_HEADERS + extraHeaders, body, headOnly);
    }

    /** Section 4.2.2 of RFC 6455: the switch to WebSocket; the connection stays open. */
    static ByteBuffer switching(String accept, Subprotocol protocol, boolean named) {
        String head = "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n"
                + (named ? "Sec-WebSocket-Protocol: " + protocol.token + "\r\n" : "")
                + "\r\n";
        return ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
    }
}
