package reactorchat.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One frame of the frame dialect (docs/protocol.md): a type, text fields and a body of raw bytes.
 * The same value is written by clients, the server and the simulator, and read back by
 * {@link FrameDecoder}. On the wire:
 * {@code length:u32 | version:u8 type:u8 count:u16 | (size:u16 utf8){count} | body}, big-endian.
 *
 * @param type   the type byte, 0-255 ({@link ToServer}, {@link ToClient})
 * @param fields the text fields, in order
 * @param body   raw bytes after the fields, empty for every type but CHUNK; never written to
 */
public record Frame(int type, List<String> fields, ByteBuffer body) {
    /** The only version there is. */
    public static final int VERSION = 1;
    /** Bytes of the length prefix. */
    public static final int LENGTH_BYTES = 4;
    /** Bytes of version, type and field count: the least a frame's length can be. */
    public static final int MIN_HEADER_BYTES = 4;
    /** A field's size is a u16. */
    public static final int MAX_FIELD_BYTES = 0xFFFF;
    /** The field count is a u16. */
    public static final int MAX_FIELDS = 0xFFFF;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    public Frame {
        if (type < 0 || type > 0xFF) {
            throw new IllegalArgumentException("frame type must be a byte: " + type);
        }
        fields = List.copyOf(fields);
        if (fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("at most " + MAX_FIELDS + " fields, got " + fields.size());
        }
        body = body == null ? EMPTY : body;
    }

    /** A frame without a body. */
    public static Frame of(int type, String... fields) {
        return new Frame(type, List.of(fields), EMPTY);
    }

    /** Field {@code index}, or the empty string if the frame has fewer fields. */
    public String field(int index) {
        return index < fields.size() ? fields.get(index) : "";
    }

    /** The whole frame as it goes on the wire, length prefix included; a new buffer at position 0. */
    public ByteBuffer encode() {
        ByteBuffer out = header(type, fields, body.remaining(), body.remaining());
        out.put(body.duplicate());
        return out.flip();
    }

    /**
     * The length prefix and header of a frame whose body of {@code bodyLength} bytes is written
     * separately (a file chunk sent from its own buffer, or relayed without copying it again).
     */
    public static ByteBuffer encodeHeader(int type, List<String> fields, int bodyLength) {
        return header(type, fields, bodyLength, 0).flip();
    }

    /** The bytes {@code fields} take in a header: what {@code encode} adds to the body. */
    public static int headerBytes(List<String> fields) {
        int size = MIN_HEADER_BYTES;
        for (String field : fields) {
            size += 2 + utf8Length(field);
        }
        return size;
    }

    /**
     * {@code text} cut to at most {@link #MAX_FIELD_BYTES} bytes of UTF-8, never inside a
     * character, so that any text fits in a field.
     */
    public static String fit(String text) {
        if (text.length() * 3L <= MAX_FIELD_BYTES || utf8Length(text) <= MAX_FIELD_BYTES) {
            return text;
        }
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_FIELD_BYTES) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    /** A buffer holding prefix and header, with room for {@code room} more bytes, positioned after the header. */
    private static ByteBuffer header(int type, List<String> fields, int bodyLength, int room) {
        byte[][] encoded = new byte[fields.size()][];
        long length = MIN_HEADER_BYTES + (long) bodyLength;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = fields.get(i).getBytes(StandardCharsets.UTF_8);
            if (encoded[i].length > MAX_FIELD_BYTES) {
                throw new IllegalArgumentException("field " + i + " is " + encoded[i].length + " bytes, over "
                        + MAX_FIELD_BYTES + " (Frame.fit cuts a text to size)");
            }
            length += 2 + encoded[i].length;
        }
        if (length > Integer.MAX_VALUE - LENGTH_BYTES) {
            throw new IllegalArgumentException("frame of " + length + " bytes is too long");
        }
        ByteBuffer out = ByteBuffer.allocate((int) (LENGTH_BYTES + length - bodyLength + room));
        out.putInt((int) length).put((byte) VERSION).put((byte) type).putShort((short) fields.size());
        for (byte[] field : encoded) {
            out.putShort((short) field.length).put(field);
        }
        return out;
    }

    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // a lone surrogate becomes '?' in getBytes, counted high here: harmless
            }
        }
        return bytes;
    }
}
