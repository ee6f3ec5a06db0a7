package reactorchat.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactorchat.chat.HistoryEntry;

/**
 * Room history on disk, so that it outlives a restart: an append-only journal of
 * {@link JournalRecord}s in the data directory, read back at start. One writer thread of its own
 * writes it, fed through a bounded queue: the loop only offers an entry and goes on, so a slow or
 * full disk costs history, never chat. What does not fit in the queue, or cannot be written, is
 * counted as lost and logged once.
 *
 * <p>The journal is two files, each at most half of {@code --history-max-bytes}: when the newer
 * is full it becomes the older, and the older one is deleted. Rooms keep only their newest lines
 * anyway, so what goes is what is oldest.
 */
final class HistoryJournal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistoryJournal.class);

    static final String NEWER = "history.journal";
    static final String OLDER = "history.journal.old";
    /** Entries waiting for the writer: a few seconds of a busy chat; each is already charged to history's memory. */
    static final int QUEUE_ENTRIES = 8192;
    /** How long the writer waits for an entry before it looks at the clock (everysec) and at close. */
    private static final long POLL_MILLIS = 200;

    private final Path newer;
    private final Path older;
    private final long halfBytes;
    private final HistoryOptions.Fsync fsync;
    private final ArrayBlockingQueue<HistoryEntry> queue = new ArrayBlockingQueue<>(QUEUE_ENTRIES);
    private final Thread writer;
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong writtenBytes = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicBoolean queueFullLogged = new AtomicBoolean();
    private volatile boolean closing;
    // The writer thread's alone, once it runs.
    private FileChannel channel;
    private long size;
    private boolean unsynced;
    private long lastSyncNanos = System.nanoTime();
    private boolean writeFailureLogged;

    private HistoryJournal(Path dir, HistoryOptions options, FileChannel channel, long size) {
        this.newer = dir.resolve(NEWER);
        this.older = dir.resolve(OLDER);
        this.halfBytes = options.journalMaxBytes() / 2;
        this.fsync = options.fsync();
        this.channel = channel;
        this.size = size;
        this.writer = new Thread(this::write, "history-journal");
        writer.setDaemon(true);
    }

    /**
     * Reads the journal in {@code dir} into {@code restore}, oldest first, cuts a cut-short or
     * damaged tail off it (one log line says so), and starts the writer.
     *
     * @throws UsageException if the journal cannot be read or written
     */
    static HistoryJournal open(Path dir, HistoryOptions options, Consumer<HistoryEntry> restore) throws UsageException {
        Path newer = dir.resolve(NEWER);
        Path older = dir.resolve(OLDER);
        try {
            long start = System.nanoTime();
            JournalReplay fromOlder = JournalReplay.read(older, restore);
            JournalReplay fromNewer = JournalReplay.read(newer, restore);
            FileChannel channel = FileChannel.open(newer, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (fromNewer.damaged()) {
                channel.truncate(fromNewer.goodBytes()); // else what is written next would follow the damage, unread
            }
            channel.position(fromNewer.goodBytes());
            for (JournalReplay damaged : new JournalReplay[] {fromOlder, fromNewer}) {
                if (damaged.damaged()) {
                    log.warn("history journal {}: its last {} bytes are cut short or damaged; kept the {} whole"
                            + " records before them", damaged == fromOlder ? older : newer,
                            damaged.totalBytes() - damaged.goodBytes(), damaged.entries());
                }
            }
            long entries = fromOlder.entries() + fromNewer.entries();
            if (entries > 0) {
                log.info("history: read {} lines back from the journal in {} ms", entries,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            HistoryJournal journal = new HistoryJournal(dir, options, channel, fromNewer.goodBytes());
            journal.writer.start();
            return journal;
        } catch (IOException | SecurityException e) {
            Path file = e instanceof FileSystemException fs && fs.getFile() != null ? Path.of(fs.getFile()) : dir;
            throw new UsageException("history journal " + file + " cannot be read and written: "
                    + DataDirectory.reason(e));
        }
    }

    /** Hands an entry to the writer; never waits. Loop thread. */
    void offer(HistoryEntry entry) {
        if (!queue.offer(entry)) {
            lost.incrementAndGet();
            if (queueFullLogged.compareAndSet(false, true)) {
                log.warn("history journal: the disk is slower than the chat and {} lines wait already; lines that"
                        + " do not fit are kept in memory only, counted in reactorchat_history_journal_lost_total"
                        + " (logged once)", QUEUE_ENTRIES);
            }
        }
    }

    /** Writes what is queued, flushes it to the disk and stops the writer. Called once the loop has stopped. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lines not journaled: the queue was full, the disk refused them, or a line was too long for it. */
    long lost() {
        return lost.get();
    }

    long writtenBytes() {
        return writtenBytes.get();
    }

    long fsyncs() {
        return fsyncs.get();
    }

    private void write() {
        try {
            while (!closing || !queue.isEmpty()) {
                HistoryEntry entry = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                while (entry != null) {
                    append(entry);
                    entry = queue.poll();
                }
                if (unsynced && (fsync == HistoryOptions.Fsync.ALWAYS || fsync == HistoryOptions.Fsync.EVERYSEC
                        && System.nanoTime() - lastSyncNanos >= TimeUnit.SECONDS.toNanos(1))) {
                    sync();
                }
            }
            if (unsynced) {
                sync(); // a clean stop keeps everything, whatever the policy
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly();
        }
    }

    private void append(HistoryEntry entry) {
        ByteBuffer record;
        try {
            record = JournalRecord.encode(entry);
        } catch (IllegalArgumentException e) {
            failed("cannot encode a line: " + e.getMessage());
            return;
        }
        if (record.remaining() > halfBytes) {
            failed("a line of " + record.remaining() + " bytes is longer than half of history-max-bytes");
            return;
        }
        try {
            if (channel == null) {
                channel = FileChannel.open(newer, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                size = channel.size();
                channel.position(size);
            }
            if (size + record.remaining() > halfBytes) {
                rotate();
            }
            int length = record.remaining();
            while (record.hasRemaining()) {
                channel.write(record);
            }
            size += length;
            writtenBytes.addAndGet(length);
            unsynced = true;
        } catch (IOException e) {
            failed("cannot write " + newer + ": " + e);
            cutBack();
        }
    }

    /** The newer file becomes the older; the older is deleted. */
    private void rotate() throws IOException {
        if (fsync != HistoryOptions.Fsync.NO) {
            sync();
        }
        channel.close();
        channel = null;
        Files.move(newer, older, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        channel = FileChannel.open(newer, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        size = 0;
    }

    private void sync() {
        try {
            if (channel != null) {
                channel.force(false);
                fsyncs.incrementAndGet();
            }
            unsynced = false;
        } catch (IOException e) {
            failed("cannot flush " + newer + " to the disk: " + e);
        }
        lastSyncNanos = System.nanoTime();
    }

    /** A failed write may have left part of a record: cut it off, so the records after it can be read. */
    private void cutBack() {
        try {
            if (channel != null) {
                channel.truncate(size);
                channel.position(size);
            }
        } catch (IOException e) {
            closeQuietly(); // opened again for the next line
        }
    }

    private void failed(String why) {
        lost.incrementAndGet();
        if (!writeFailureLogged) {
            writeFailureLogged = true;
            log.warn("history journal: {}; chat goes on and history is kept in memory, lines not journaled are"
                    + " counted in reactorchat_history_journal_lost_total (logged once)", why);
        }
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to keep
            }
            channel = null;
        }
    }
}
