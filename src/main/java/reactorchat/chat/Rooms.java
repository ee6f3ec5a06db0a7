package reactorchat.chat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The chat's rooms by name, compared as {@link Names#fold} does, and who is in which. A room is
 * made, charged to {@link ChatTotals}, for its first member, and is gone, with all it held given
 * back, when its last one leaves. It keeps the books only: {@link Chat} tells whoever it concerns.
 */
final class Rooms {
    private final Clock clock;
    private final ChatTotals totals;
    private final History history;
    private final Map<String, Room> byName = new HashMap<>();
    /** Joins into a room of this many members or more are quiet ({@link Chat#quietJoinsAbove}); 0 for never. */
    private int quietJoinsAbove = Chat.DEFAULT_QUIET_JOINS_ABOVE;

    Rooms(Clock clock, ChatTotals totals, History history) {
        this.clock = clock;
        this.totals = totals;
        this.history = history;
    }

    void quietJoinsAbove(int members) {
        if (members < 0) {
            throw new IllegalArgumentException("quiet-joins-above must be 0 (never) or more");
        }
        quietJoinsAbove = members;
    }

    /** The room of that name; null if none. */
    Room get(String name) {
        return byName.get(Names.fold(name));
    }

    /**
     * A new room, empty as yet; null if the chat holds as many as it may, unless {@code anyway}
     * ({@link ChatTotals#newRoom}).
     */
    Room create(String name, boolean anyway) {
        Room room = totals.newRoom(name, clock.millis(), anyway);
        if (room != null) {
            byName.put(room.key(), room);
        }
        return room;
    }

    /** Whether {@code room} is still one of the chat's, rather than one that emptied and is gone. */
    boolean isLive(Room room) {
        return byName.get(room.key()) == room;
    }

    /** Whether the chat's state has room for {@code user} in one more room. */
    boolean mayEnter(User user) {
        return totals.tryMembership(user.rooms().size());
    }

    /** Puts {@code user}, let in by {@link #mayEnter}, in {@code room}; true if quietly, for the room was that big already. */
    boolean enter(Room room, User user) {
        boolean quietly = quietJoinsAbove > 0 && room.size() >= quietJoinsAbove;
        if (quietly) {
            room.addQuietly(user);
        } else {
            room.add(user);
        }
        user.entered(room);
        return quietly;
    }

    /** Takes {@code user} out of {@code room}; a room left empty is gone. */
    void leave(Room room, User user) {
        room.remove(user);
        user.left(room);
        totals.membershipGone(user.rooms().size());
        dropIfEmpty(room);
    }

    /** A room with nobody in it is gone: one its last member left, or one made for a join that was then refused. */
    void dropIfEmpty(Room room) {
        if (room.size() == 0) {
            byName.remove(room.key());
            room.dropInvitations(); // else invited users would keep the dead room and its lists
            totals.roomGone(room);
            history.roomGone(room);
        }
    }

    Collection<Room> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    /** The rooms {@code viewer} may see, by name ignoring case. */
    List<Room> visibleTo(User viewer) {
        List<Room> visible = new ArrayList<>();
        for (Room room : byName.values()) {
            if (room.isVisibleTo(viewer)) {
                visible.add(room);
            }
        }
        visible.sort(Comparator.comparing(room -> room.name().toLowerCase(Locale.ROOT)));
        return visible;
    }
}
