package reactorchat.protocol.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** An HTTP/1.1 answer after which the connection closes: the only kind the http and web dialects send. */
public final class ClosingResponse {
    private ClosingResponse() {
    }

    /**
     * The answer, read-only. {@code type} may be null for none; {@code headers} are whole header
     * lines, each ended by CRLF. {@code headOnly}: the head of the answer alone, as HEAD wants.
     */
    public static ByteBuffer of(int status, String reason, String type, String headers, byte[] body, boolean headOnly) {
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + (type == null ? "" : "Content-Type: " + type + "\r\n")
                // A 304's length would be the 200's body's, which it does not carry: none is simpler.
                + (status == 304 ? "" : "Content-Length: " + body.length + "\r\n")
                + headers
                + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        boolean withBody = !headOnly && status != 304;
        ByteBuffer bytes = ByteBuffer.allocate(headBytes.length + (withBody ? body.length : 0));
        bytes.put(headBytes);
        if (withBody) {
            bytes.put(body);
        }
        return bytes.flip().asReadOnlyBuffer();
    }
}
