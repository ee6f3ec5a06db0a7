package reactorchat.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One room's recent messages, oldest first, and the questions history is asked of them. Every
 * answer is a list, oldest first, of at most the number of entries asked for.
 */
public final class RoomHistory {
    /** A point in a room's history: a message by its id, or a moment (epoch milliseconds). */
    public record Anchor(String id, long millis) {
        public static Anchor id(String id) {
            return new Anchor(id, 0);
        }

        public static Anchor time(long millis) {
            return new Anchor(null, millis);
        }
    }

    /** Entries with the flag set were said while the room was closed to outsiders: see {@link History}. */
    record Kept(HistoryEntry entry, boolean restricted, long bytes) {
    }

    private final ArrayDeque<Kept> entries = new ArrayDeque<>();

    /** The newest {@code limit} entries. */
    public List<HistoryEntry> latest(int limit) {
        return slice(Math.max(0, entries.size() - limit), entries.size());
    }

    /**
     * The {@code limit} entries just before {@code anchor} (for an id, the message itself left out;
     * for a time, those said strictly before it). Empty if the id is not (or no longer) kept.
     */
    public List<HistoryEntry> before(Anchor anchor, int limit) {
        int end = position(anchor, false);
        return end < 0 ? List.of() : slice(Math.max(0, end - limit), end);
    }

    /** The {@code limit} entries just after {@code anchor}, the message itself or the moment left out. */
    public List<HistoryEntry> after(Anchor anchor, int limit) {
        int start = position(anchor, true);
        return start < 0 ? List.of() : slice(start, Math.min(entries.size(), start + limit));
    }

    /**
     * Up to {@code limit} entries around {@code anchor}: about half before it, the rest from it on
     * (the message itself included), as IRC's CHATHISTORY AROUND gives them.
     */
    public List<HistoryEntry> around(Anchor anchor, int limit) {
        int at = position(anchor, false);
        if (at < 0 || limit <= 0) {
            return List.of();
        }
        int start = Math.max(0, at - limit / 2);
        int end = Math.min(entries.size(), start + limit);
        return slice(Math.max(0, end - limit), end);
    }

    /**
     * Up to {@code limit} entries strictly between two anchors, in either order, nearest the first
     * one given (so that paging backwards from a newer anchor gives the newest first).
     */
    public List<HistoryEntry> between(Anchor from, Anchor to, int limit) {
        int fromStart = position(from, true);
        int fromEnd = position(from, false);
        int toStart = position(to, true);
        int toEnd = position(to, false);
        if (fromStart < 0 || toStart < 0) {
            return List.of();
        }
        if (fromEnd <= toEnd) { // forwards
            int end = Math.min(toEnd, fromStart + limit);
            return slice(fromStart, Math.max(fromStart, end));
        }
        int start = Math.max(toStart, fromEnd - limit);
        return slice(start, Math.max(start, fromEnd));
    }

    public int size() {
        return entries.size();
    }

    /**
     * Where {@code anchor} falls: for an id, the index of that message ({@code past}: the one after
     * it), -1 if not kept; for a time, the first entry said at or after it ({@code past}: strictly
     * after it).
     */
    private int position(Anchor anchor, boolean past) {
        int index = 0;
        for (Kept kept : entries) {
            HistoryEntry entry = kept.entry();
            if (anchor.id() != null ? entry.id().equals(anchor.id())
                    : past ? entry.millis() > anchor.millis() : entry.millis() >= anchor.millis()) {
                return anchor.id() != null && past ? index + 1 : index;
            }
            index++;
        }
        return anchor.id() != null ? -1 : entries.size();
    }

    private List<HistoryEntry> slice(int start, int end) {
        List<HistoryEntry> slice = new ArrayList<>(Math.max(0, end - start));
        int index = 0;
        for (Kept kept : entries) {
            if (index >= end) {
                break;
            }
            if (index >= start) {
                slice.add(kept.entry());
            }
            index++;
        }
        return slice;
    }

    void add(Kept kept) {
        entries.addLast(kept);
    }

    /** Takes out the oldest entry; null if none. */
    Kept removeOldest() {
        return entries.pollFirst();
    }

    /** Takes out every restricted entry, and gives back what they took. */
    long removeRestricted() {
        long bytes = 0;
        for (Iterator<Kept> it = entries.iterator(); it.hasNext(); ) {
            Kept kept = it.next();
            if (kept.restricted()) {
                bytes += kept.bytes();
                it.remove();
            }
        }
        return bytes;
    }

    int restrictedCount() {
        int count = 0;
        for (Kept kept : entries) {
            count += kept.restricted() ? 1 : 0;
        }
        return count;
    }
}
