package reactorchat.chat;

import reactorchat.reactor.MemoryBudget;

/**
 * The chat's state counted in total, beside each user's own caps (50 rooms, {@link Room#MAX_MASKS}
 * entries a list, {@link User#MAX_INVITATIONS}, {@link Transfers.Limits}): a few hundred users each
 * within their caps could still make the server hold more than its heap. Each new room, list entry,
 * topic or away message is counted against its total, and it, each invitation, each transfer and
 * each user's place in a room beyond their first is charged to the memory budget before it is
 * kept; past either it is refused. What is charged is an estimate of the heap each costs (objects, collection entries and
 * UTF-16 text), enough to bound the total, not a measurement.
 */
public final class ChatTotals {
    /**
     * @param maxRooms       rooms at once
     * @param maxListEntries ban, exception and invite-exception entries of all rooms together
     * @param maxTextChars   characters of all topics and away messages together
     */
    public record Limits(int maxRooms, int maxListEntries, long maxTextChars) {
        /** 10,000 rooms, 100,000 list entries, 8 Mi characters of topics and away messages. */
        public static final Limits DEFAULTS = new Limits(10_000, 100_000, 8L << 20);

        public Limits {
            if (maxRooms < 1 || maxListEntries < 0 || maxTextChars < 0) {
                throw new IllegalArgumentException("chat totals: at least one room, no negative caps");
            }
        }
    }

    /** A room with its member, operator and voice sets, its maps and the chat's map entry. */
    static final long ROOM_BYTES = 1024;
    /** A list entry (record, list slot, two strings' headers); its mask's characters come on top. */
    static final long ENTRY_BYTES = 96;
    /** A topic or away message's objects; its characters come on top. */
    static final long TEXT_BYTES = 64;
    /** A user's place in a room: an entry in the room's member set and a slot in the user's list. */
    static final long MEMBERSHIP_BYTES = 48;
    /** An invitation: an entry in the user's ordered set and one in the room's set. */
    static final long INVITATION_BYTES = 96;
    /** A transfer offer: the transfer, its id's map entry, two list slots and its checksum; its name comes on top. */
    static final long TRANSFER_BYTES = 320;

    private final Limits limits;
    private final MemoryBudget budget;
    private int rooms;
    private int listEntries;
    private long textChars;

    ChatTotals(Limits limits, MemoryBudget budget) {
        this.limits = limits;
        this.budget = budget;
    }

    /**
     * A new room, or null if there may be no more. With {@code anyway} it is made all the same,
     * uncharged if need be: a user in no room may always make one, so that nobody (a line user
     * arriving in the lobby) is left with no room at all; that is at most one room per user.
     */
    Room newRoom(String name, long millis, boolean anyway) {
        boolean charged = rooms < limits.maxRooms() && budget.tryCharge(ROOM_BYTES);
        if (!charged && !anyway) {
            return null;
        }
        rooms++;
        return new Room(name, millis, this, charged ? ROOM_BYTES : 0);
    }

    /** The room is gone: it, its list entries and its topic are given back. */
    void roomGone(Room room) {
        rooms--;
        budget.release(room.chargedBytes());
        for (RoomMode list : new RoomMode[] {RoomMode.BAN, RoomMode.BAN_EXCEPTION, RoomMode.INVITE_EXCEPTION}) {
            for (Room.MaskEntry entry : room.masks(list)) {
                entryGone(entry.mask());
            }
        }
        if (room.topic() != null) {
            textGone(room.topic().text());
        }
    }

    boolean tryEntry(String mask) {
        if (listEntries >= limits.maxListEntries() || !budget.tryCharge(entryBytes(mask))) {
            return false;
        }
        listEntries++;
        return true;
    }

    void entryGone(String mask) {
        listEntries--;
        budget.release(entryBytes(mask));
    }

    /** Puts {@code text} (a topic, an away message) in place of {@code old}; false, changing nothing, if it does not fit. */
    boolean replaceText(String old, String text) {
        if (!tryText(text)) {
            return false;
        }
        textGone(old);
        return true;
    }

    /** Takes room for a topic or away text; an empty one costs nothing. */
    private boolean tryText(String text) {
        if (text.isEmpty()) {
            return true;
        }
        if (textChars + text.length() > limits.maxTextChars() || !budget.tryCharge(textBytes(text))) {
            return false;
        }
        textChars += text.length();
        return true;
    }

    /** Gives back what a topic or away text took. */
    void textGone(String text) {
        if (!text.isEmpty()) {
            textChars -= text.length();
            budget.release(textBytes(text));
        }
    }

    /**
     * Takes room for a user's place in one more room, when they are in {@code already} rooms; false
     * if the budget has none. A user's first room is free, as {@link #newRoom} makes it anyway.
     */
    boolean tryMembership(int already) {
        return already == 0 || budget.tryCharge(MEMBERSHIP_BYTES);
    }

    /** A user in {@code left} rooms has just left one: what that place took is given back. */
    void membershipGone(int left) {
        if (left > 0) {
            budget.release(MEMBERSHIP_BYTES);
        }
    }

    /** Takes room for an invitation; false if the budget has none. */
    boolean tryInvitation() {
        return budget.tryCharge(INVITATION_BYTES);
    }

    void invitationGone() {
        budget.release(INVITATION_BYTES);
    }

    /** Takes room for a transfer of a file named {@code fileName}; false if the budget has none. */
    boolean tryTransfer(String fileName) {
        return budget.tryCharge(transferBytes(fileName));
    }

    void transferGone(String fileName) {
        budget.release(transferBytes(fileName));
    }

    public int rooms() {
        return rooms;
    }

    public int listEntries() {
        return listEntries;
    }

    /** Characters of all topics and away messages. */
    public long textChars() {
        return textChars;
    }

    private static long entryBytes(String mask) {
        return ENTRY_BYTES + 2L * mask.length();
    }

    private static long transferBytes(String fileName) {
        return TRANSFER_BYTES + 2L * fileName.length();
    }

    private static long textBytes(String text) {
        return TEXT_BYTES + 2L * text.length();
    }
}
