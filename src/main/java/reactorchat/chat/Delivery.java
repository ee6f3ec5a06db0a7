package reactorchat.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Hands events to the users who are to hear them, each event encoded once for all of them
 * ({@link SharedEncoding}), and counts what it hands out. {@link Chat} decides who hears what.
 */
final class Delivery {
    private boolean silent;
    private long count;

    /** Tells one user. */
    void to(User user, ChatEvent event) {
        count++;
        user.recipient().receive(event, new SharedEncoding(event));
    }

    /** Tells everyone in {@code audience}, unless the chat has been silenced ({@link Chat#silence}). */
    void toAll(Collection<User> audience, ChatEvent event) {
        if (silent) {
            return;
        }
        SharedEncoding shared = new SharedEncoding(event);
        // Safe to iterate the room itself: a recipient that must close only marks its connection,
        // and leaves the room later, in the loop's close phase.
        for (User member : audience) {
            member.recipient().receive(event, shared);
        }
        count += audience.size();
    }

    /**
     * Tells the others in {@code room} that {@code member} came in, if it came in quietly: before
     * the first thing they hear from it or of it (a message, a topic, a standing given, a kick).
     */
    void announce(Room room, User member) {
        if (room.announce(member)) {
            List<User> others = new ArrayList<>(room.members());
            others.remove(member);
            toAll(others, new ChatEvent.Joined(member, room));
        }
    }

    void silence() {
        silent = true;
    }

    boolean isSilent() {
        return silent;
    }

    /** Events handed to recipients: a line said in a room of ten is ten. */
    long count() {
        return count;
    }
}
