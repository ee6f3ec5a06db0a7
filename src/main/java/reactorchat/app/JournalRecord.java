package reactorchat.app;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import reactorchat.chat.ChatEvent.Kind;
import reactorchat.chat.HistoryEntry;

/**
 * One history entry as the journal holds it: the length of what follows (4 bytes), a CRC-32C of
 * it (4 bytes), then the entry: time, kind, and room, id, source and text as length-prefixed UTF-8.
 * The length lets a reader step from record to record; the checksum tells a record written whole
 * from one cut short by a crash or damaged since.
 */
final class JournalRecord {
    static final int HEADER_BYTES = 8;
    /** Longer than any entry can be (its text is one line, at most 1 MiB): a longer length is damage. */
    static final int MAX_PAYLOAD_BYTES = 8 << 20;

    private JournalRecord() {
    }

    static ByteBuffer encode(HistoryEntry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + entry.text().length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(entry.millis());
            out.writeByte(entry.kind().ordinal());
            for (String text : new String[] {entry.room(), entry.id(), entry.source(), entry.text()}) {
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("an entry that cannot be journaled: " + e.getMessage(), e);
        }
        byte[] payload = bytes.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        record.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
        return record.flip();
    }

    /** Whether {@code payload} is what a record of checksum {@code checksum} held. */
    static boolean intact(byte[] payload, int checksum) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue() == checksum;
    }

    /** The entry a checked payload holds; null if it does not parse as one. */
    static HistoryEntry decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            long millis = in.readLong();
            int kind = in.readUnsignedByte();
            String room = string(in);
            String id = string(in);
            String source = string(in);
            String text = string(in);
            if (kind >= Kind.values().length || in.available() != 0) {
                return null;
            }
            return new HistoryEntry(room, millis, id, source, Kind.values()[kind], text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("a string longer than its record");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
