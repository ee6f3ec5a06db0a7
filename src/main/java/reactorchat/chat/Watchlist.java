package reactorchat.chat;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import reactorchat.reactor.MemoryBudget;

/**
 * Who watches which nick come and go (IRC's MONITOR), both ways round: each watcher's nicks in
 * the order given, and each nick's watchers. A watcher may hold {@link #PER_USER} nicks, the chat
 * {@link Limits#maxEntries} in all, and every entry is charged to the memory budget before it is
 * kept: a watch costs the server memory for as long as the watcher stays, whatever it names.
 */
public final class Watchlist {
    /** Nicks one user may watch at once (the irc dialect's {@code MONITOR=} token). */
    public static final int PER_USER = 100;
    /** An entry in both maps (two map entries, a set slot) and its nick's two strings' headers. */
    static final long ENTRY_BYTES = 160;

    /** @param maxEntries watch entries of all users together */
    public record Limits(int maxEntries) {
        public static final Limits DEFAULTS = new Limits(100_000);
    }

    /** What adding a nick came to. */
    public enum Added { ADDED, ALREADY, INVALID, FULL }

    private final Limits limits;
    private final MemoryBudget budget;
    private final Map<User, Map<String, String>> byWatcher = new HashMap<>();
    private final Map<String, Set<User>> byNick = new HashMap<>();
    private int entries;

    Watchlist(Limits limits, MemoryBudget budget) {
        this.limits = limits;
        this.budget = budget;
    }

    /** Adds {@code nick} to what {@code watcher} watches; FULL if their list or the chat's has no room. */
    public Added add(User watcher, String nick) {
        if (!Names.isValidNick(nick)) {
            return Added.INVALID;
        }
        String key = Names.fold(nick);
        Map<String, String> nicks = byWatcher.get(watcher);
        if (nicks != null && nicks.containsKey(key)) {
            return Added.ALREADY;
        }
        if ((nicks != null && nicks.size() >= PER_USER) || entries >= limits.maxEntries()
                || !budget.tryCharge(entryBytes(nick))) {
            return Added.FULL;
        }
        entries++;
        byWatcher.computeIfAbsent(watcher, w -> new LinkedHashMap<>(4)).put(key, nick);
        byNick.computeIfAbsent(key, k -> new LinkedHashSet<>(2)).add(watcher);
        return Added.ADDED;
    }

    public void remove(User watcher, String nick) {
        Map<String, String> nicks = byWatcher.get(watcher);
        String given = nicks == null ? null : nicks.remove(Names.fold(nick));
        if (given != null) {
            forget(watcher, given);
            if (nicks.isEmpty()) {
                byWatcher.remove(watcher);
            }
        }
    }

    /** Empties what {@code watcher} watches: they cleared it, or they are leaving the chat. */
    public void clear(User watcher) {
        Map<String, String> nicks = byWatcher.remove(watcher);
        if (nicks != null) {
            for (String given : nicks.values()) {
                forget(watcher, given);
            }
        }
    }

    /** The nicks {@code watcher} watches, as they gave them, in the order they gave them. */
    public Collection<String> of(User watcher) {
        Map<String, String> nicks = byWatcher.get(watcher);
        return nicks == null ? List.of() : List.copyOf(nicks.values());
    }

    /** Who watches {@code nick}. */
    Collection<User> watchers(String nick) {
        Set<User> watchers = byNick.get(Names.fold(nick));
        return watchers == null ? List.of() : List.copyOf(watchers);
    }

    /** Watch entries of all users. */
    public int entries() {
        return entries;
    }

    private void forget(User watcher, String given) {
        String key = Names.fold(given);
        Set<User> watchers = byNick.get(key);
        watchers.remove(watcher);
        if (watchers.isEmpty()) {
            byNick.remove(key);
        }
        entries--;
        budget.release(entryBytes(given));
    }

    private static long entryBytes(String nick) {
        return ENTRY_BYTES + 4L * nick.length();
    }
}
