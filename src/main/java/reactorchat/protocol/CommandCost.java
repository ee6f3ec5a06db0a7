package reactorchat.protocol;

import reactorchat.chat.Chat;
import reactorchat.chat.Room;
import reactorchat.chat.User;

/**
 * What a command costs against its connection's flood budget ({@link FloodBudget}), whose unit
 * is one line of chat. A command costs one unless its dialect's table says otherwise; a listing
 * costs one more per {@link #ENTRIES_PER_UNIT} entries it lists.
 *
 * <p>Why listings: a line of chat is encoded once and one buffer is shared by every member of
 * the room, but a listing is formatted and queued for the asker alone, one entry (an IRC WHO
 * reply line, a nick) at a time. Unpriced, one client repeating WHO of a 5,000-member room at
 * the flood rate makes the server format and send megabytes a second. Why 100: a room of up
 * to 99 members still costs one, so clients that ask WHO or NAMES on each join are never slowed,
 * while that WHO of 5,000 costs 51: five seconds of the default 10 lines a second.
 */
public final class CommandCost {
    /** Entries a listing may show for each unit it costs beyond the first. */
    public static final int ENTRIES_PER_UNIT = 100;
    /** Lines of history a replay may show for each unit it costs beyond the first. */
    public static final int HISTORY_PER_UNIT = 20;

    private CommandCost() {
    }

    /** What a listing of {@code entries} entries costs. */
    public static int listing(int entries) {
        return 1 + entries / ENTRIES_PER_UNIT;
    }

    /**
     * A replay of {@code lines} lines of history. Dearer than a listing, one unit per
     * {@link #HISTORY_PER_UNIT} lines: a line of history may be as long as any line said, and
     * unpriced, asking for a thousand of them at the flood rate would make the server send
     * megabytes a second to one client.
     */
    public static int ofHistory(int lines) {
        return 1 + lines / HISTORY_PER_UNIT;
    }

    /** A listing of every room: each is looked at, whether or not the asker may see it. */
    public static int ofRooms(Chat chat) {
        return listing(chat.rooms().size());
    }

    /**
     * A listing of the members of the room named {@code roomName}. A room the asker may not see
     * costs as a missing one, so that the pause after it tells nothing of its size.
     */
    public static int ofMembers(Chat chat, User asker, String roomName) {
        return listing(chat.visibleRoom(asker, roomName).map(Room::size).orElse(0));
    }
}
