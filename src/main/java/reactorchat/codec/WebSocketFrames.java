package reactorchat.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * RFC 6455's frames as a server writes them: opcodes, close codes, and unmasked frames (section
 * 5.1: a server never masks), which is why one encoding of a message can go to every recipient.
 */
public final class WebSocketFrames {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** Close codes of section 7.4.1 that this server sends. */
    public static final int NORMAL = 1000;
    /** The server is shutting down. */
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    /** The close frame had no code: reported, never sent (section 7.1.5). */
    public static final int NO_CODE = 1005;
    public static final int BAD_DATA = 1007;
    /** The server refuses the client for good (a wrong password, a kill). */
    public static final int POLICY_VIOLATION = 1008;
    public static final int TOO_BIG = 1009;

    /** The longest payload of a control frame (section 5.5). */
    public static final int MAX_CONTROL_PAYLOAD = 125;

    /** RFC 6455 section 1.3: appended to the client's key before hashing. */
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketFrames() {
    }

    /** The Sec-WebSocket-Accept answer to a client's {@code key}: base64 of the SHA-1 of key and GUID. */
    public static String acceptKey(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** How long the header of an unmasked frame of {@code length} payload bytes is. */
    public static int headerLength(long length) {
        return length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    }

    /** Writes the header of a final, unmasked frame at the buffer's position: {@link #headerLength} bytes. */
    public static void putHeader(ByteBuffer out, int opcode, long length) {
        out.put((byte) (0x80 | opcode));
        if (length < 126) {
            out.put((byte) length);
        } else if (length <= 0xFFFF) {
            out.put((byte) 126).putShort((short) length);
        } else {
            out.put((byte) 127).putLong(length);
        }
    }

    /** One whole, unmasked frame of {@code payload[offset, offset + length)}, read-only. */
    public static ByteBuffer frame(int opcode, byte[] payload, int offset, int length) {
        ByteBuffer out = ByteBuffer.allocate(headerLength(length) + length);
        putHeader(out, opcode, length);
        out.put(payload, offset, length);
        return out.flip().asReadOnlyBuffer();
    }

    /** A close frame with {@code code} and a reason cut to fit a control frame. */
    public static ByteBuffer close(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, MAX_CONTROL_PAYLOAD - 2);
        while (length < text.length && length > 0 && (text[length] & 0xC0) == 0x80) {
            length--; // never inside a character: the reason must stay UTF-8
        }
        byte[] payload = new byte[2 + length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, length);
        return frame(CLOSE, payload, 0, payload.length);
    }

    /** Whether a peer may send {@code code} in a close frame (section 7.4). */
    public static boolean isValidCloseCode(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }
}
