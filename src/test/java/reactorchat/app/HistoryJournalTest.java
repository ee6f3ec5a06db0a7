package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.chat.ChatEvent.Kind;
import reactorchat.chat.History;
import reactorchat.chat.HistoryEntry;

class HistoryJournalTest {
    private static final HistoryOptions OPTIONS = new HistoryOptions(History.Limits.DEFAULTS, 1 << 20,
            HistoryOptions.Fsync.EVERYSEC);

    @TempDir
    Path dir;

    private static HistoryEntry entry(int n) {
        return new HistoryEntry("lobby", 1_700_000_000_000L + n, "id" + n, "alice!alice@host", Kind.values()[n % 3],
                "line " + n + " é ✓");
    }

    private List<HistoryEntry> replay(HistoryOptions options) throws UsageException {
        List<HistoryEntry> read = new ArrayList<>();
        HistoryJournal.open(dir, options, read::add).close();
        return read;
    }

    private void write(HistoryOptions options, int from, int to) throws UsageException {
        HistoryJournal journal = HistoryJournal.open(dir, options, entry -> { });
        for (int n = from; n < to; n++) {
            journal.offer(entry(n));
        }
        journal.close();
        assertThat(journal.lost()).isZero();
    }

    private static List<HistoryEntry> entries(int from, int to) {
        List<HistoryEntry> all = new ArrayList<>();
        for (int n = from; n < to; n++) {
            all.add(entry(n));
        }
        return all;
    }

    @Test
    void whatIsWrittenIsReadBackInOrderAfterARestartWhateverTheFsyncPolicy() throws Exception {
        for (HistoryOptions.Fsync fsync : HistoryOptions.Fsync.values()) {
            HistoryOptions options = new HistoryOptions(History.Limits.DEFAULTS, 1 << 20, fsync);
            write(options, 0, 100);
            write(options, 100, 150);
            assertThat(replay(options)).as(fsync.name()).containsExactlyElementsOf(entries(0, 150));
            Files.delete(dir.resolve(HistoryJournal.NEWER));
        }
    }

    @Test
    void aJournalCutShortInTheMiddleOfARecordKeepsTheWholeRecordsAndGoesOnAfterThem() throws Exception {
        write(OPTIONS, 0, 10);
        Path file = dir.resolve(HistoryJournal.NEWER);
        long size = Files.size(file);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.setLength(size - 5); // the last record loses its end, as when the power goes mid-write
        }
        assertThat(replay(OPTIONS)).containsExactlyElementsOf(entries(0, 9));
        write(OPTIONS, 20, 22); // appended after the whole records, not after the cut one
        assertThat(replay(OPTIONS)).containsExactlyElementsOf(concat(entries(0, 9), entries(20, 22)));
    }

    @Test
    void aRecordCutInsideItsHeaderIsDroppedToo() throws Exception {
        write(OPTIONS, 0, 3);
        Path file = dir.resolve(HistoryJournal.NEWER);
        long whole = Files.size(file);
        Files.write(file, new byte[] {0, 0}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(replay(OPTIONS)).containsExactlyElementsOf(entries(0, 3));
        assertThat(Files.size(file)).as("the cut header is cut off").isEqualTo(whole);
        write(OPTIONS, 3, 4);
        assertThat(replay(OPTIONS)).containsExactlyElementsOf(entries(0, 4));
    }

    @Test
    void aDamagedRecordEndsTheReplayThereAndWhatIsWholeBeforeItStays() throws Exception {
        write(OPTIONS, 0, 10);
        Path file = dir.resolve(HistoryJournal.NEWER);
        long size = Files.size(file);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(size - 3);
            raw.write(raw.read() ^ 0x55); // a flipped byte in the last record's text: its checksum no longer agrees
        }
        assertThat(replay(OPTIONS)).containsExactlyElementsOf(entries(0, 9));
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(0);
            raw.writeInt(Integer.MAX_VALUE); // a first record's length no file can hold
        }
        assertThat(replay(OPTIONS)).isEmpty();
    }

    @Test
    void theJournalStaysWithinItsBoundAndKeepsTheNewestLines() throws Exception {
        long bound = 1 << 20;
        HistoryOptions options = new HistoryOptions(History.Limits.DEFAULTS, bound, HistoryOptions.Fsync.NO);
        HistoryJournal journal = HistoryJournal.open(dir, options, entry -> { });
        String text = "x".repeat(1000);
        int lines = 3_000; // about 3 MB: three times the bound
        for (int n = 0; n < lines; n++) {
            journal.offer(new HistoryEntry("lobby", n, "id" + n, "a!a@h", Kind.SAY, text));
            if (n % 1000 == 999) {
                awaitWritten(journal, (n + 1) * 1000L);
            }
        }
        journal.close();
        assertThat(journal.lost()).isZero();
        long onDisk = Files.size(dir.resolve(HistoryJournal.NEWER)) + Files.size(dir.resolve(HistoryJournal.OLDER));
        assertThat(onDisk).isLessThanOrEqualTo(bound).isGreaterThan(bound / 2);
        List<HistoryEntry> read = replay(options);
        assertThat(read.get(read.size() - 1).id()).isEqualTo("id" + (lines - 1));
        for (int i = 1; i < read.size(); i++) {
            assertThat(read.get(i).millis()).isEqualTo(read.get(i - 1).millis() + 1);
        }
    }

    /** Waits until the writer has written {@code bytes} at least, so the bounded queue is never full. */
    private static void awaitWritten(HistoryJournal journal, long bytes) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (journal.writtenBytes() < bytes) {
            assertThat(System.nanoTime()).as("the writer fell behind").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void aJournalThatCannotBeWrittenIsOneClearLineAtStart() throws Exception {
        write(OPTIONS, 0, 1);
        Path file = dir.resolve(HistoryJournal.NEWER);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(file), "running as root: every file is writable");
        assertThatThrownBy(() -> HistoryJournal.open(dir, OPTIONS, entry -> { }))
                .isInstanceOf(UsageException.class)
                .hasMessage("history journal " + file + " cannot be read and written: permission denied");
    }

    private static List<HistoryEntry> concat(List<HistoryEntry> a, List<HistoryEntry> b) {
        List<HistoryEntry> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
