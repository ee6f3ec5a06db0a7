package reactorchat.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A room's ban and exception lists ({@link RoomMode.Argument#MASK} modes), each at most
 * {@link Room#MAX_MASKS} entries, every entry also counted against the chat's total.
 */
final class MaskLists {
    private final Map<RoomMode, List<Room.MaskEntry>> lists = new EnumMap<>(RoomMode.class);
    private final ChatTotals totals;

    MaskLists(ChatTotals totals) {
        this.totals = totals;
    }

    /** The entries of one list, oldest first. */
    List<Room.MaskEntry> entries(RoomMode list) {
        List<Room.MaskEntry> entries = lists.get(list);
        return entries == null ? List.of() : Collections.unmodifiableList(entries);
    }

    /** Whether {@code user} matches an entry of {@code list}. */
    boolean matches(RoomMode list, User user) {
        for (Room.MaskEntry entry : entries(list)) {
            if (Mask.matches(entry.mask(), user, entry.byServerOperator())) {
                return true;
            }
        }
        return false;
    }

    /** Adds or removes {@code entry}; false if nothing changed (already so, a full list, or no room left in the total). */
    boolean set(RoomMode list, boolean on, Room.MaskEntry entry) {
        List<Room.MaskEntry> entries = lists.computeIfAbsent(list, mode -> new ArrayList<>(2));
        int index = indexOf(entries, Names.fold(entry.mask()));
        if (on) {
            return index < 0 && entries.size() < Room.MAX_MASKS && totals.tryEntry(entry.mask()) && entries.add(entry);
        }
        if (index < 0) {
            return false;
        }
        totals.entryGone(entries.remove(index).mask());
        return true;
    }

    private static int indexOf(List<Room.MaskEntry> entries, String foldedMask) {
        for (int i = 0; i < entries.size(); i++) {
            if (Names.fold(entries.get(i).mask()).equals(foldedMask)) {
                return i;
            }
        }
        return -1;
    }
}
