package reactorchat.chat;

import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import reactorchat.chat.ChatEvent.Kind;

/**
 * Users, rooms and who hears what. It knows no sockets and no wire format: it tells each
 * recipient what happened, and a dialect turns that into bytes. Not thread-safe: the event loop
 * is its only caller.
 */
public final class Chat {
    /** The outcome of asking for a nick. */
    public enum NickResult { CHANGED, UNCHANGED, INVALID, IN_USE }

    /** The outcome of asking to join a room. */
    public enum JoinResult { JOINED, ALREADY_THERE, INVALID }

    private final Clock clock;
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, Room> rooms = new HashMap<>();
    private int guests;
    private boolean silent;

    public Chat(Clock clock) {
        this.clock = clock;
    }

    /** Adds a user under a fresh {@code guest-N} nick, in no room yet. */
    public User connect(Recipient recipient, String host) {
        String nick;
        do {
            nick = "guest-" + ++guests;
        } while (users.containsKey(Names.fold(nick)));
        User user = new User(nick, host, recipient);
        users.put(user.key(), user);
        return user;
    }

    /** Renames a user; everyone sharing a room with them, and they themselves, are told. */
    public NickResult rename(User user, String newNick) {
        if (!Names.isValidNick(newNick)) {
            return NickResult.INVALID;
        }
        if (newNick.equals(user.nick())) {
            return NickResult.UNCHANGED;
        }
        User holder = users.get(Names.fold(newNick));
        if (holder != null && holder != user) {
            return NickResult.IN_USE;
        }
        String oldNick = user.nick();
        users.remove(user.key());
        user.rename(newNick);
        users.put(user.key(), user);
        Set<User> audience = neighbours(user);
        audience.add(user);
        deliver(audience, new ChatEvent.NickChanged(user, oldNick));
        return NickResult.CHANGED;
    }

    /** Puts a user in a room, creating it if it is new; everyone in it, the newcomer too, is told. */
    public JoinResult join(User user, String roomName) {
        if (!Names.isValidRoom(roomName)) {
            return JoinResult.INVALID;
        }
        Room room = rooms.computeIfAbsent(Names.fold(roomName), key -> new Room(roomName));
        if (!room.add(user)) {
            return JoinResult.ALREADY_THERE;
        }
        user.entered(room);
        deliver(room.members(), new ChatEvent.Joined(user, room));
        return JoinResult.JOINED;
    }

    /** Takes a user out of a room; everyone in it, the leaver too, is told. An empty room is gone. */
    public boolean part(User user, Room room, String reason) {
        if (!room.contains(user)) {
            return false;
        }
        deliver(room.members(), new ChatEvent.Left(user, room, reason));
        removeFrom(room, user);
        return true;
    }

    /** Sends a message to everyone in a room the sender is in, the sender included. */
    public boolean say(User from, Room room, Kind kind, String text) {
        if (!room.contains(from)) {
            return false;
        }
        deliver(room.members(), new ChatEvent.RoomMessage(from, room, kind, text, clock.millis()));
        return true;
    }

    /** Sends a private message; the sender's dialect confirms it. Empty if no one has that nick. */
    public Optional<User> tell(User from, String toNick, Kind kind, String text) {
        User to = users.get(Names.fold(toNick));
        if (to == null) {
            return Optional.empty();
        }
        ChatEvent event = new ChatEvent.PrivateMessage(from, to, kind, text, clock.millis());
        to.recipient().receive(event, new SharedEncoding(event));
        return Optional.of(to);
    }

    /** Removes a user from the chat; everyone who shared a room with them is told once. */
    public void quit(User user, String reason) {
        if (users.get(user.key()) != user) {
            return;
        }
        Set<User> audience = neighbours(user);
        for (Room room : List.copyOf(user.rooms())) {
            removeFrom(room, user);
        }
        users.remove(user.key());
        deliver(audience, new ChatEvent.Quit(user, reason));
    }

    /**
     * From now on nobody is told anything: the server is stopping and every user is about to quit,
     * which would otherwise cost a message to each remaining user for each user who leaves.
     */
    public void silence() {
        silent = true;
    }

    public Optional<User> user(String nick) {
        return Optional.ofNullable(users.get(Names.fold(nick)));
    }

    public Optional<Room> room(String name) {
        return Optional.ofNullable(rooms.get(Names.fold(name)));
    }

    public Collection<Room> rooms() {
        return Collections.unmodifiableCollection(rooms.values());
    }

    public int userCount() {
        return users.size();
    }

    private void removeFrom(Room room, User user) {
        room.remove(user);
        user.left(room);
        if (room.size() == 0) {
            rooms.remove(room.key());
        }
    }

    /** Everyone who shares at least one room with {@code user}, each once, not the user. */
    private static Set<User> neighbours(User user) {
        Set<User> audience = new LinkedHashSet<>();
        for (Room room : user.rooms()) {
            audience.addAll(room.members());
        }
        audience.remove(user);
        return audience;
    }

    private void deliver(Collection<User> audience, ChatEvent event) {
        if (silent) {
            return;
        }
        SharedEncoding shared = new SharedEncoding(event);
        // Safe to iterate the room itself: a recipient that must close only marks its connection,
        // and leaves the room later, in the loop's close phase.
        for (User member : audience) {
            member.recipient().receive(event, shared);
        }
    }
}
