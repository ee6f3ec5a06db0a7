package reactorchat.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Someone connected, in whatever dialect; the chat knows them only by nick and as a recipient. */
public final class User {
    private final Recipient recipient;
    private final String host;
    private final List<Room> rooms = new ArrayList<>(1);
    private String nick;
    private String key;

    User(String nick, String host, Recipient recipient) {
        this.recipient = recipient;
        this.host = host;
        rename(nick);
    }

    public String nick() {
        return nick;
    }

    public String host() {
        return host;
    }

    public Recipient recipient() {
        return recipient;
    }

    /** The rooms this user is in, oldest first. */
    public List<Room> rooms() {
        return Collections.unmodifiableList(rooms);
    }

    String key() {
        return key;
    }

    void rename(String newNick) {
        nick = newNick;
        key = Names.fold(newNick);
    }

    void entered(Room room) {
        rooms.add(room);
    }

    void left(Room room) {
        rooms.remove(room);
    }

    @Override
    public String toString() {
        return nick;
    }
}
