package reactorchat.chat;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** A room exists while someone is in it; members are kept in the order they came in. */
public final class Room {
    private final String name;
    private final String key;
    private final Set<User> members = new LinkedHashSet<>();

    Room(String name) {
        this.name = name;
        this.key = Names.fold(name);
    }

    public String name() {
        return name;
    }

    public Collection<User> members() {
        return Collections.unmodifiableSet(members);
    }

    public int size() {
        return members.size();
    }

    public boolean contains(User user) {
        return members.contains(user);
    }

    String key() {
        return key;
    }

    boolean add(User user) {
        return members.add(user);
    }

    boolean remove(User user) {
        return members.remove(user);
    }

    @Override
    public String toString() {
        return name;
    }
}
