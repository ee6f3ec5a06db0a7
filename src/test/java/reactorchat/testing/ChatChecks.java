package reactorchat.testing;

import reactorchat.chat.Chat;
import reactorchat.chat.Room;
import reactorchat.chat.User;

/**
 * What must hold of a chat between any two commands, whatever they were. Plain checks rather
 * than assertions: the fuzz targets run them after every step, millions of times.
 */
public final class ChatChecks {
    private ChatChecks() {
    }

    /** Users and rooms point at each other both ways, nicks find their users, and no room is empty. */
    public static void assertConsistent(Chat chat) {
        for (User user : chat.users()) {
            require(chat.user(user.nick()).orElse(null) == user, user, "is not found by its nick");
            for (Room room : user.rooms()) {
                require(room.contains(user), user, "lists " + room + ", which does not list them");
                require(chat.room(room.name()).orElse(null) == room, user, "is in " + room + ", not in the chat");
            }
        }
        for (Room room : chat.rooms()) {
            require(room.size() > 0, room, "is empty but still there");
            for (User member : room.members()) {
                require(member.rooms().contains(room), room, "lists " + member + ", who does not list it");
                require(chat.user(member.nick()).orElse(null) == member, room, "lists " + member + ", not in the chat");
            }
        }
    }

    private static void require(boolean condition, Object what, String problem) {
        if (!condition) {
            throw new AssertionError(what + " " + problem);
        }
    }
}
