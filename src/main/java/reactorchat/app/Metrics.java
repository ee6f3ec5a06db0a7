package reactorchat.app;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.sun.management.UnixOperatingSystemMXBean;

import reactorchat.chat.Chat;
import reactorchat.chat.History;
import reactorchat.chat.Transfers;
import reactorchat.reactor.ClientMemory;
import reactorchat.reactor.EventLoop;
import reactorchat.reactor.Listener;
import reactorchat.reactor.LoopStats;

/** The Prometheus text page of /metrics, made from the loop's and the chat's counters on the loop thread. */
final class Metrics {
    private final EventLoop loop;
    private final Chat chat;
    private final List<Listener> listeners;
    /** Null when history is kept in memory only. */
    private final HistoryJournal journal;
    private final long startNanos = System.nanoTime();

    Metrics(EventLoop loop, Chat chat, List<Listener> listeners, HistoryJournal journal) {
        this.loop = loop;
        this.chat = chat;
        this.listeners = listeners;
        this.journal = journal;
    }

    /** The periodic log line: the same figures as the page, in a few words. */
    String summary() {
        LoopStats stats = loop.stats();
        ClientMemory memory = loop.connections().memory();
        return String.format("stats: %d connections, %d users in %d rooms, %d messages, %d deliveries,"
                        + " %d B in, %d B out, %d slow-consumer cuts, %d flood pauses, %d flood cuts,"
                        + " %d error cuts, %d transfers (%d completed, %d B relayed), client memory %d of %d KB, heap %d MB",
                loop.connectionCount(), chat.userCount(), chat.rooms().size(), chat.messages(), chat.deliveries(),
                stats.bytesRead(), stats.bytesWritten(), stats.slowConsumerCuts(), stats.floodPauses(), stats.floodCuts(),
                stats.errorCuts(), chat.transfers().active(), chat.transfers().completed(), chat.transfers().bytesRelayed(),
                memory.used() >> 10, memory.limit() >> 10, heapUsed() >> 20);
    }

    String render() {
        StringBuilder page = new StringBuilder(4096);
        Map<String, Integer> byDialect = new TreeMap<>();
        for (Listener listener : listeners) {
            byDialect.merge(listener.name(), listener.openConnections(), Integer::sum);
        }
        header(page, "reactorchat_connections", "gauge", "Connections open now, by dialect.");
        byDialect.forEach((dialect, open) ->
                page.append("reactorchat_connections{dialect=\"").append(dialect).append("\"} ").append(open).append('\n'));

        LoopStats stats = loop.stats();
        gauge(page, "reactorchat_users", "Users in the chat.", chat.userCount());
        gauge(page, "reactorchat_rooms", "Rooms that exist (someone is in each).", chat.rooms().size());
        gauge(page, "reactorchat_list_entries", "Ban, exception and invite-exception entries in all rooms.",
                chat.totals().listEntries());
        gauge(page, "reactorchat_text_chars", "Characters of topics and away texts kept.", chat.totals().textChars());
        counter(page, "reactorchat_messages_total", "Room and private messages said.", chat.messages());
        counter(page, "reactorchat_deliveries_total", "Chat events handed to recipients.", chat.deliveries());
        counter(page, "reactorchat_read_bytes_total", "Bytes read from peers.", stats.bytesRead());
        counter(page, "reactorchat_written_bytes_total", "Bytes written to peers.", stats.bytesWritten());
        counter(page, "reactorchat_accepted_total", "Connections accepted.", stats.accepted());
        counter(page, "reactorchat_refused_total", "Connections refused at a connection limit.", stats.refused());
        counter(page, "reactorchat_slow_consumer_cuts_total", "Connections closed for not reading their output.",
                stats.slowConsumerCuts());
        counter(page, "reactorchat_flood_pauses_total", "Times a connection's reads were paused by flood control.",
                stats.floodPauses());
        counter(page, "reactorchat_flood_cuts_total", "Connections closed by flood control's hard line (--flood-timeout).",
                stats.floodCuts());
        ClientMemory memory = loop.connections().memory();
        gauge(page, "reactorchat_outbound_queued_bytes",
                "Bytes waiting in output queues and their slots, a shared buffer counted in each queue.",
                loop.connections().queuedTotal());
        gauge(page, "reactorchat_client_memory_bytes", "Memory clients make the server hold now (see --max-client-memory).",
                memory.used());
        gauge(page, "reactorchat_client_memory_limit_bytes", "The budget of --max-client-memory (0: unlimited).",
                memory.limit());
        counter(page, "reactorchat_memory_cuts_total",
                "Connections closed for holding more than their share of a full --max-client-memory.", stats.memoryCuts());
        counter(page, "reactorchat_error_cuts_total",
                "Connections closed because serving them ran into an error such as running out of memory.", stats.errorCuts());
        counter(page, "reactorchat_back_pressure_pauses_total",
                "Times a file sender's reads were suspended because its receiver was over the high water mark.",
                stats.backPressurePauses());
        Transfers transfers = chat.transfers();
        gauge(page, "reactorchat_transfers", "File transfers offered or under way now.", transfers.active());
        counter(page, "reactorchat_transfers_completed_total", "File transfers completed.", transfers.completed());
        counter(page, "reactorchat_transfers_cancelled_total", "File transfers declined or cancelled.",
                transfers.cancelled());
        counter(page, "reactorchat_transfer_bytes_total", "File bytes relayed.", transfers.bytesRelayed());
        History history = chat.history();
        gauge(page, "reactorchat_history_lines", "Lines of room history kept in memory.", history.entries());
        gauge(page, "reactorchat_history_bytes", "Estimated heap of the room history kept (see --history-memory).",
                history.bytes());
        counter(page, "reactorchat_history_dropped_total",
                "Lines said that history had no memory for, even after giving up its oldest.", history.dropped());
        if (journal != null) {
            counter(page, "reactorchat_history_journal_bytes_total", "Bytes written to the history journal.",
                    journal.writtenBytes());
            counter(page, "reactorchat_history_journal_fsyncs_total", "Times the history journal was flushed to the disk.",
                    journal.fsyncs());
            counter(page, "reactorchat_history_journal_lost_total",
                    "Lines not journaled: its queue was full, or the disk refused them.", journal.lost());
        }
        passHistogram(page, stats);

        gauge(page, "reactorchat_heap_used_bytes", "Heap in use, garbage included.", heapUsed());
        gauge(page, "reactorchat_heap_max_bytes", "The heap's cap.", Runtime.getRuntime().maxMemory());
        long fds = openFileDescriptors();
        if (fds >= 0) {
            gauge(page, "process_open_fds", "File descriptors the process has open (sockets included).", fds);
        }
        gauge(page, "reactorchat_uptime_seconds", "Seconds since the server started.",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos));
        return page.toString();
    }

    private static long heapUsed() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Where the JVM can count them (Unix-like systems); -1 elsewhere. */
    private static long openFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return unix.getOpenFileDescriptorCount();
        }
        return -1;
    }

    private static void passHistogram(StringBuilder page, LoopStats stats) {
        String name = "reactorchat_loop_pass_seconds";
        header(page, name, "histogram", "Time the loop worked in one pass (waiting in select excluded).");
        for (int i = 0; i < LoopStats.PASS_BUCKETS.length; i++) {
            page.append(name).append("_bucket{le=\"").append(LoopStats.PASS_BUCKETS[i]).append("\"} ")
                    .append(stats.passesAtMost(i)).append('\n');
        }
        page.append(name).append("_bucket{le=\"+Inf\"} ").append(stats.passes()).append('\n');
        page.append(name).append("_sum ").append(stats.passSecondsTotal()).append('\n');
        page.append(name).append("_count ").append(stats.passes()).append('\n');
    }

    private static void gauge(StringBuilder page, String name, String help, long value) {
        header(page, name, "gauge", help);
        page.append(name).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder page, String name, String help, long value) {
        header(page, name, "counter", help);
        page.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder page, String name, String type, String help) {
        page.append("# HELP ").append(name).append(' ').append(help).append('\n');
        page.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
