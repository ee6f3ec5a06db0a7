package reactorchat.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Someone connected, in whatever dialect; the chat knows them by nick, as a recipient, and by
 * what they told about themselves (a user name and a real name, empty if their dialect has none).
 */
public final class User {
    /**
     * Invitations one user may hold at once; past it the oldest is dropped. Each pins a room's
     * bookkeeping to this user, so that an inviter cannot grow a victim's memory without bound.
     */
    public static final int MAX_INVITATIONS = 100;
    /**
     * Rooms one user may be in at once, whatever their dialect (IRC's CHANLIMIT). Each room a user
     * holds costs the server its member entry and lets the user create a room with up to
     * {@link Room#MAX_MASKS} mask entries per list, so without a cap one connection could hold
     * unbounded state.
     */
    public static final int MAX_ROOMS = 50;

    private final Recipient recipient;
    private final String address;
    /** Makes {@link #host} of the address; null shows the address itself. */
    private final HostCloak cloak;
    /** Made the first time someone is shown this user: most line users never are, and keep no cloak. */
    private String host;
    private final String ident;
    private String realName;
    private final List<Room> rooms = new ArrayList<>(1);
    /** Rooms this user was invited to, oldest first; each room knows them back. */
    private Set<Room> invitations;
    private String nick;
    private String key;
    private String away = "";
    private boolean invisible;
    /** The operator login this user gave, null unless they are a server operator. */
    private String operatorLogin;

    User(String nick, String address, HostCloak cloak, String ident, String realName, Recipient recipient) {
        this.recipient = recipient;
        this.address = address;
        this.cloak = cloak;
        this.ident = ident;
        this.realName = realName;
        rename(nick);
    }

    public String nick() {
        return nick;
    }

    /** What others are shown of where this user connects from: a cloak of the address ({@link HostCloak}). */
    public String host() {
        if (host == null) {
            host = cloak == null ? address : cloak.of(address);
        }
        return host;
    }

    /** The address this user connects from, for logs and server operators; never for other users. */
    public String address() {
        return address;
    }

    /** The user name the person gave, or the name their dialect gives them. */
    public String ident() {
        return ident;
    }

    public String realName() {
        return realName;
    }

    /** Through {@link Chat#setRealName}, which tells others. */
    void setRealName(String realName) {
        this.realName = realName;
    }

    public Recipient recipient() {
        return recipient;
    }

    /** Everyone who shares at least one room with this user, each once, not the user. */
    Set<User> neighbours() {
        Set<User> audience = new LinkedHashSet<>();
        for (Room room : rooms) {
            if (room.isAnnounced(this)) { // nobody there was told this user came in
                audience.addAll(room.members());
            }
        }
        audience.remove(this);
        return audience;
    }

    /** The rooms this user is in, oldest first. */
    public List<Room> rooms() {
        return Collections.unmodifiableList(rooms);
    }

    /** Why the user is away, empty while they are here. */
    public String away() {
        return away;
    }

    /** Through {@link Chat#setAway}, which counts it. */
    void setAway(String message) {
        away = message;
    }

    /** An invisible user is not listed to people who share no room with them. */
    public boolean isInvisible() {
        return invisible;
    }

    public void setInvisible(boolean invisible) {
        this.invisible = invisible;
    }

    /** A server operator may disconnect anyone ({@link Chat#kill}); a dialect decides who becomes one. */
    public boolean isServerOperator() {
        return operatorLogin != null;
    }

    /** The login (not its password) this user became a server operator with; null if they are none. */
    public String operatorLogin() {
        return operatorLogin;
    }

    /** Makes the user a server operator under {@code login}, or, with null, no longer one. */
    public void setServerOperator(String login) {
        this.operatorLogin = login;
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
        uninvite(room);
    }

    void left(Room room) {
        rooms.remove(room);
    }

    /**
     * Records an invitation as the newest; past {@link #MAX_INVITATIONS} the oldest is dropped.
     * False if it is new and the chat holds as many as it may.
     */
    boolean invite(Room room) {
        if (invitations != null && invitations.remove(room)) {
            invitations.add(room);
            return true;
        }
        if (!room.addInvitation(this)) {
            return false;
        }
        if (invitations == null) {
            invitations = new LinkedHashSet<>(2);
        }
        invitations.add(room);
        if (invitations.size() > MAX_INVITATIONS) {
            uninvite(invitations.iterator().next());
        }
        return true;
    }

    /** Drops the invitation to {@code room}, if any, on both sides. */
    void uninvite(Room room) {
        if (invitations != null && invitations.remove(room)) {
            room.removeInvitation(this);
        }
    }

    /** Drops every invitation (the user is leaving the chat), so that no room keeps them. */
    void uninviteAll() {
        if (invitations != null) {
            for (Room room : invitations) {
                room.removeInvitation(this);
            }
            invitations = null;
        }
    }

    /** The rooms this user is invited to and has not entered, oldest invitation first. */
    public List<Room> invitations() {
        return invitations == null ? List.of() : List.copyOf(invitations);
    }

    /** How many invitations the user holds. */
    int invitationCount() {
        return invitations == null ? 0 : invitations.size();
    }

    boolean isInvitedTo(Room room) {
        return invitations != null && invitations.contains(room);
    }

    @Override
    public String toString() {
        return nick;
    }
}
