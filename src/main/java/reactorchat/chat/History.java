package reactorchat.chat;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import reactorchat.reactor.MemoryBudget;

/**
 * Every room's recent messages, by room name (as {@link Names#fold} compares them), kept while the
 * room is empty too, so that whoever comes back to it, or comes after a restart, sees what was said.
 * Private messages are never kept: without accounts, whoever takes a nick next would read them.
 *
 * <p>Bounded three ways: {@link Limits#linesPerRoom} per room, {@link Limits#maxBytes} in total,
 * and the chat's memory budget, which every entry is charged to before it is kept. Past the total or
 * the budget, the oldest entry of the room spoken in least lately goes first: history is what the
 * server gives up before it refuses anything that is live.
 *
 * <p>A message said while its room was secret, keyed or invite-only is shown to that room's members
 * only; once such a room is gone (its last member left, or the server stopped) nobody can show that
 * they belong to it, so those entries go with it and are never written to the journal.
 */
public final class History {
    /**
     * @param linesPerRoom entries kept per room (0: no history at all)
     * @param maxBytes     estimated heap of all entries together
     * @param onJoin       the newest entries every dialect shows whoever joins a room (0: none; a
     *                     client that asks for history in its own way may be shown none)
     */
    public record Limits(int linesPerRoom, long maxBytes, int onJoin) {
        public static final int DEFAULT_LINES = 1_000;
        public static final long DEFAULT_BYTES = 16L << 20;
        public static final int DEFAULT_ON_JOIN = 20;
        public static final Limits DEFAULTS = new Limits(DEFAULT_LINES, DEFAULT_BYTES, DEFAULT_ON_JOIN);

        public Limits {
            if (linesPerRoom < 0 || maxBytes < 0 || onJoin < 0) {
                throw new IllegalArgumentException("history limits cannot be negative");
            }
        }
    }

    /** An entry's record, deque slot, strings' headers and id; its text, source and id's characters come on top. */
    static final long ENTRY_BYTES = 192;

    private static final Consumer<HistoryEntry> NO_JOURNAL = entry -> { };

    private final MemoryBudget budget;
    /** In order of the last message said, least lately first: where room is made. */
    private final Map<String, RoomHistory> rooms = new LinkedHashMap<>(16, 0.75f, true);
    private Limits limits;
    private Consumer<HistoryEntry> journal = NO_JOURNAL;
    private long bytes;
    private long entries;
    private long dropped;

    History(Limits limits, MemoryBudget budget) {
        this.limits = limits;
        this.budget = budget;
    }

    /** From now on keeps at most these; what is kept beyond them goes, oldest first. */
    public void setLimits(Limits limits) {
        this.limits = limits;
        for (Iterator<RoomHistory> it = rooms.values().iterator(); it.hasNext(); ) {
            RoomHistory room = it.next();
            while (room.size() > limits.linesPerRoom()) {
                release(room.removeOldest());
            }
            if (room.size() == 0) {
                it.remove();
            }
        }
        while (bytes > limits.maxBytes() && evictOldest()) {
            // each pass gives back one entry
        }
    }

    /** Hands every entry that may outlive the server (not restricted) to {@code journal}, which must not block. */
    public void journalTo(Consumer<HistoryEntry> journal) {
        this.journal = journal;
    }

    public Limits limits() {
        return limits;
    }

    /** Keeps an entry read back from the journal at start; it is not written again. */
    public void restore(HistoryEntry entry) {
        keep(entry, Names.fold(entry.room()), false);
    }

    /** The history of the room of that name, if anything is kept of it; for a member's eyes only (see {@link Chat#history}). */
    RoomHistory of(String roomName) {
        return rooms.get(Names.fold(roomName));
    }

    void said(ChatEvent.RoomMessage message) {
        Room room = message.room();
        boolean restricted = room.has(RoomMode.SECRET) || room.has(RoomMode.INVITE_ONLY) || !room.joinKey().isEmpty();
        HistoryEntry entry = HistoryEntry.of(message);
        if (keep(entry, room.key(), restricted) && !restricted) {
            journal.accept(entry);
        }
    }

    /** The room is gone: what was said in it while it was closed to outsiders goes too. */
    void roomGone(Room room) {
        RoomHistory history = rooms.get(room.key());
        if (history != null && history.restrictedCount() > 0) {
            entries -= history.restrictedCount();
            long freed = history.removeRestricted();
            bytes -= freed;
            budget.release(freed);
            if (history.size() == 0) {
                rooms.remove(room.key());
            }
        }
    }

    /** Keeps {@code entry} under {@code key}, its room's folded name; false if there is no room for it. */
    private boolean keep(HistoryEntry entry, String key, boolean restricted) {
        if (limits.linesPerRoom() == 0) {
            return false;
        }
        long cost = ENTRY_BYTES + 2L * (entry.source().length() + entry.text().length() + entry.id().length());
        RoomHistory room = rooms.computeIfAbsent(key, k -> new RoomHistory());
        if (room.size() >= limits.linesPerRoom()) {
            release(room.removeOldest());
        }
        while (bytes + cost > limits.maxBytes() || !budget.tryCharge(cost)) {
            if (!evictOldest()) {
                dropped++;
                if (room.size() == 0) {
                    rooms.remove(key);
                }
                return false;
            }
        }
        rooms.put(key, room); // back in its place if making room emptied it
        room.add(new RoomHistory.Kept(entry, restricted, cost));
        bytes += cost;
        entries++;
        return true;
    }

    /** Gives up the oldest entry of the room spoken in least lately; false if nothing is kept. */
    private boolean evictOldest() {
        Iterator<RoomHistory> it = rooms.values().iterator();
        while (it.hasNext()) {
            RoomHistory room = it.next();
            RoomHistory.Kept oldest = room.removeOldest();
            if (room.size() == 0) {
                it.remove();
            }
            if (oldest != null) {
                release(oldest);
                return true;
            }
        }
        return false;
    }

    private void release(RoomHistory.Kept kept) {
        bytes -= kept.bytes();
        entries--;
        budget.release(kept.bytes());
    }

    /** Entries kept now, in all rooms. */
    public long entries() {
        return entries;
    }

    /** Estimated heap of the entries kept now. */
    public long bytes() {
        return bytes;
    }

    /** Messages not kept at all, for neither the total nor the budget had room for them even when emptied. */
    public long dropped() {
        return dropped;
    }
}
