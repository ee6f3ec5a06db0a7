package reactorchat.app;

import reactorchat.chat.History;

/**
 * How room history is kept: in memory ({@code limits}) and in the journal in the data directory,
 * which stays within {@code journalMaxBytes} and is flushed to the disk as {@code fsync} says.
 */
record HistoryOptions(History.Limits limits, long journalMaxBytes, Fsync fsync) {
    /** The smallest journal allowed: two halves that each hold a few hundred longest lines. */
    static final long MIN_JOURNAL_BYTES = 1L << 20;

    /** When the journal is flushed to the disk, as Redis's appendfsync: the loss a power cut may cost. */
    enum Fsync {
        /** After every batch the writer takes from its queue: nothing written is lost. */
        ALWAYS,
        /** At most once a second: up to a second of messages. */
        EVERYSEC,
        /** When the operating system chooses: up to about 30 seconds on Linux. */
        NO
    }
}
