package reactorchat.app;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

import reactorchat.chat.HistoryEntry;

/**
 * Reads one journal file from its start, handing on every whole record, up to the first that is
 * not: one cut short (the server stopped in the middle of writing it) or damaged (its checksum or
 * its content is wrong). What follows a bad record is not trusted: a length read from damage could
 * land anywhere.
 *
 * @param entries    records handed on
 * @param goodBytes  where the whole records end: the file is whole up to here
 * @param totalBytes the file's size; more than {@code goodBytes} if its tail is cut short or damaged
 */
record JournalReplay(long entries, long goodBytes, long totalBytes) {
    /** Reads {@code file}, which may be missing (no journal yet: nothing to read). */
    static JournalReplay read(Path file, Consumer<HistoryEntry> sink) throws IOException {
        long total;
        try {
            total = Files.size(file);
        } catch (NoSuchFileException e) {
            return new JournalReplay(0, 0, 0);
        }
        long entries = 0;
        long good = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            while (good < total) {
                int length = in.readInt();
                int checksum = in.readInt();
                if (length < 0 || length > JournalRecord.MAX_PAYLOAD_BYTES || length > total - good) {
                    break;
                }
                byte[] payload = new byte[length];
                in.readFully(payload);
                HistoryEntry entry = JournalRecord.intact(payload, checksum) ? JournalRecord.decode(payload) : null;
                if (entry == null) {
                    break;
                }
                sink.accept(entry);
                entries++;
                good += JournalRecord.HEADER_BYTES + length;
            }
        } catch (EOFException e) {
            // the last record was cut short: what came before it stands
        }
        return new JournalReplay(entries, good, total);
    }

    boolean damaged() {
        return goodBytes < totalBytes;
    }
}
