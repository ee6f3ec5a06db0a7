package reactorchat.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import reactorchat.codec.LineDecoder;
import reactorchat.codec.WebSocketFrames;

/**
 * One client's WebSocket (RFC 6455) to a web listener's {@code /ws}, with the
 * {@value #SUBPROTOCOL} subprotocol: the line dialect, one line per message. It asks for the
 * upgrade as soon as the connection is up, checks the server's {@code 101}, then sends each line
 * the client gives it as one masked text frame and hands each message the server sends to the
 * client's inbox as one line. Lines given before the {@code 101} wait here. A server's frames are
 * never masked and, from this server, never fragmented; anything else ends the connection.
 */
final class WsLink {
    static final String SUBPROTOCOL = "reactor-chat.v1";
    /** RFC 6455 section 1.3: appended to the key before hashing it for Sec-WebSocket-Accept. */
    /** The longest response head accepted: the server's is a few hundred bytes. */
    private static final int MAX_HEAD = 8192;
    /** The longest frame held while it arrives; a server's line is far shorter. */
    private static final int MAX_FRAME = 64 * 1024;
    private static final int MASK_BYTES = 4;
    private static final String HTTP = "HTTP/";

    private final SimClient client;
    private final String key;
    private boolean upgraded;
    /** An unfinished response head or frame; null when none. */
    private byte[] held;
    /** Lines given before the upgrade; null when none. */
    private ByteArrayOutputStream early;

    WsLink(SimClient client) {
        this.client = client;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
    }

    /** Asks the server to upgrade. */
    void open(InetSocketAddress target) throws IOException {
        String request = "GET /ws HTTP/1.1\r\nHost: " + target.getHostString() + ":" + target.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + SUBPROTOCOL + "\r\n\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        client.sendFramed(bytes, 0, bytes.length);
    }

    /** Sends each line (LF- or CRLF-ended) of {@code bytes} as a masked text frame. */
    void send(byte[] bytes, int offset, int length) throws IOException {
        if (!upgraded) {
            if (early == null) {
                early = new ByteArrayOutputStream();
            }
            early.write(bytes, offset, length);
            return;
        }
        int end = offset + length;
        int start = offset;
        while (start < end) {
            int lf = SimDialect.indexOf(bytes, start, end, (byte) '\n');
            int stop = lf < 0 ? end : lf;
            int lineEnd = stop > start && bytes[stop - 1] == '\r' ? stop - 1 : stop;
            if (lineEnd > start) {
                sendFrame(WebSocketFrames.TEXT, bytes, start, lineEnd - start);
            }
            start = stop + 1;
        }
    }

    /** Reads the upgrade's answer, then frames; each message goes to {@code sink} as a line. */
    void decode(ByteBuffer in, LineDecoder.Sink sink) throws IOException {
        byte[] b;
        int pos;
        int end;
        if (held == null) {
            b = in.array();
            pos = in.arrayOffset() + in.position();
            end = in.arrayOffset() + in.limit();
        } else {
            b = Arrays.copyOf(held, held.length + in.remaining());
            in.get(in.position(), b, held.length, in.remaining());
            pos = 0;
            end = b.length;
            held = null;
        }
        in.position(in.limit());
        if (!upgraded) {
            if (end - pos >= HTTP.length() && !SimDialect.startsWith(b, pos, end - pos, HTTP)) {
                throw new ProtocolException("the server did not answer the upgrade in HTTP (is it a web listener?)");
            }
            int headEnd = headEnd(b, pos, end);
            if (headEnd < 0) {
                if (end - pos > MAX_HEAD) {
                    throw new ProtocolException("the server's answer to the upgrade has no end within " + MAX_HEAD + " bytes");
                }
                held = Arrays.copyOfRange(b, pos, end);
                return;
            }
            upgraded(new String(b, pos, headEnd - pos, StandardCharsets.ISO_8859_1));
            pos = headEnd;
        }
        while (pos < end && client.state() != SimClient.State.CLOSED) {
            int frameLength = frame(b, pos, end, sink);
            if (frameLength == 0) {
                held = Arrays.copyOfRange(b, pos, end);
                return;
            }
            pos += frameLength;
        }
    }

    /** Acts on the frame at {@code pos}; its length, or 0 if it has not all arrived. */
    private int frame(byte[] b, int pos, int end, LineDecoder.Sink sink) throws IOException {
        if (end - pos < 2) {
            return 0;
        }
        int first = b[pos] & 0xFF;
        int second = b[pos + 1] & 0xFF;
        if ((second & 0x80) != 0) {
            throw new ProtocolException("the server sent a masked frame");
        }
        int header = 2;
        long length = second & 0x7F;
        if (length == 126) {
            header = 4;
            if (end - pos < header) {
                return 0;
            }
            length = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
        } else if (length == 127) {
            header = 10;
            if (end - pos < header) {
                return 0;
            }
            length = ByteBuffer.wrap(b, pos + 2, 8).getLong();
        }
        if (length < 0 || length > MAX_FRAME) {
            throw new ProtocolException("the server sent a frame of " + length + " bytes");
        }
        if (end - pos < header + length) {
            return 0;
        }
        int at = pos + header;
        int n = (int) length;
        int opcode = first & 0x0F;
        if ((first & 0x80) == 0 || opcode == WebSocketFrames.CONTINUATION) {
            throw new ProtocolException("the server sent a fragmented message");
        }
        switch (opcode) {
            case WebSocketFrames.TEXT, WebSocketFrames.BINARY -> sink.line(b, at, n);
            case WebSocketFrames.PING -> sendFrame(WebSocketFrames.PONG, b, at, n);
            case WebSocketFrames.PONG -> {
                // not asked for: nothing to do
            }
            case WebSocketFrames.CLOSE -> client.close(
                    "closed by the server (WebSocket close " + (n >= 2 ? ((b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF)) : "without a code") + ")");
            default -> throw new ProtocolException("the server sent a frame of opcode " + opcode);
        }
        return header + n;
    }

    /** Checks the answer to the upgrade, then sends what waited for it. */
    private void upgraded(String head) throws IOException {
        String[] lines = head.split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 101 ")) {
            throw new ProtocolException("the server refused the WebSocket: " + lines[0]);
        }
        String accept = null;
        String protocol = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).strip();
                if (name.equals("sec-websocket-accept")) {
                    accept = value;
                } else if (name.equals("sec-websocket-protocol")) {
                    protocol = value;
                }
            }
        }
        String expected = WebSocketFrames.acceptKey(key);
        if (!expected.equals(accept)) {
            throw new ProtocolException("the server's Sec-WebSocket-Accept is " + accept + ", not " + expected);
        }
        if (!SUBPROTOCOL.equals(protocol)) {
            throw new ProtocolException("the server chose the subprotocol " + protocol + ", not " + SUBPROTOCOL);
        }
        upgraded = true;
        if (early != null) {
            byte[] waiting = early.toByteArray();
            early = null;
            send(waiting, 0, waiting.length);
        }
    }

    /** Sends one final frame, masked with a fresh key as section 5.3 asks of a client. */
    private void sendFrame(int opcode, byte[] payload, int offset, int length) throws IOException {
        int header = WebSocketFrames.headerLength(length);
        byte[] frame = new byte[header + MASK_BYTES + length];
        ByteBuffer out = ByteBuffer.wrap(frame);
        WebSocketFrames.putHeader(out, opcode, length);
        frame[1] |= (byte) 0x80;
        int mask = ThreadLocalRandom.current().nextInt();
        out.putInt(mask);
        for (int i = 0; i < length; i++) {
            frame[header + MASK_BYTES + i] = (byte) (payload[offset + i] ^ (mask >>> (24 - 8 * (i & 3))));
        }
        client.sendFramed(frame, 0, frame.length);
    }

    /** Where the head ends (after its blank line), or -1 if it has not all arrived. */
    private static int headEnd(byte[] b, int from, int end) {
        for (int i = from; i + 3 < end; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }
}
