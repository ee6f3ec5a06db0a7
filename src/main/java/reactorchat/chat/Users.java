package reactorchat.chat;

import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import reactorchat.codec.Text;

/**
 * The chat's users by nick, compared as {@link Names#fold} does; who had a nick lately; and the
 * most there have been at once. It keeps the books only: {@link Chat} tells whoever it concerns.
 */
final class Users {
    private final Clock clock;
    private final Map<String, User> byNick = new HashMap<>();
    private final NickHistory history = new NickHistory();
    private int guests;
    private int peak;

    Users(Clock clock) {
        this.clock = clock;
    }

    /** A new user under a fresh {@code guest-N} nick. */
    User addGuest(Recipient recipient, String address, HostCloak cloak) {
        String nick;
        do {
            nick = "guest-" + ++guests;
        } while (byNick.containsKey(Names.fold(nick)));
        User user = new User(nick, address, cloak, "guest", "", recipient);
        register(user);
        return user;
    }

    /** A new user under the nick they chose; empty if that nick is invalid or taken. */
    Optional<User> add(Recipient recipient, String address, HostCloak cloak, String nick, String ident,
                       String realName) {
        if (!Names.isValidNick(nick) || byNick.containsKey(Names.fold(nick))) {
            return Optional.empty();
        }
        User user = new User(nick, address, cloak, ident, Text.isolated(realName), recipient);
        register(user);
        return Optional.of(user);
    }

    /** Gives {@code user} another nick, if it is valid and no one else's; the old one is remembered. */
    NickResult rename(User user, String newNick) {
        if (!Names.isValidNick(newNick)) {
            return NickResult.INVALID;
        }
        if (newNick.equals(user.nick())) {
            return NickResult.UNCHANGED;
        }
        User holder = byNick.get(Names.fold(newNick));
        if (holder != null && holder != user) {
            return NickResult.IN_USE;
        }
        history.remember(user, clock.millis());
        byNick.remove(user.key());
        user.rename(newNick);
        byNick.put(user.key(), user);
        return NickResult.CHANGED;
    }

    /** Whether {@code user} is one of the chat's, rather than one who has quit. */
    boolean contains(User user) {
        return byNick.get(user.key()) == user;
    }

    /** Forgets a user who is quitting; their nick is remembered. */
    void remove(User user) {
        history.remember(user, clock.millis());
        byNick.remove(user.key());
    }

    /** The user with that nick; null if none. */
    User get(String nick) {
        return byNick.get(Names.fold(nick));
    }

    Collection<User> all() {
        return Collections.unmodifiableCollection(byNick.values());
    }

    int count() {
        return byNick.size();
    }

    int peak() {
        return peak;
    }

    List<Former> formerly(String nick) {
        return history.of(nick);
    }

    private void register(User user) {
        byNick.put(user.key(), user);
        peak = Math.max(peak, byNick.size());
    }
}
