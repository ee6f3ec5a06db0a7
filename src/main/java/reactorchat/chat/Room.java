package reactorchat.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A room exists while someone is in it; members are kept in the order they came in. Its first
 * member is its operator; its rules ({@link RoomMode}) start as members-only, operator-set topic.
 */
public final class Room {
    /** Entries one ban or exception list may hold, so that no operator can grow a room without bound. */
    public static final int MAX_MASKS = 100;

    /**
     * One entry of a ban or exception list: the mask, who set it and when, and whether they were a
     * server operator then (who may see real addresses, so their masks match those too).
     */
    public record MaskEntry(String mask, String setBy, long millis, boolean byServerOperator) {
    }

    private final String name;
    private final String key;
    private final long createdMillis;
    /** What its list entries are counted against. */
    private final ChatTotals totals;
    /** What the room itself was charged to the memory budget, to be given back when it is gone. */
    private final long chargedBytes;
    private final Set<User> members = new LinkedHashSet<>();
    private final Set<User> operators = new HashSet<>();
    private final Set<User> voiced = new HashSet<>();
    private final Set<RoomMode> flags = EnumSet.of(RoomMode.NO_EXTERNAL, RoomMode.TOPIC_LOCK);
    /** Null until the first ban or exception is set. */
    private MaskLists masks;
    /**
     * Members who came in quietly, while the room was big ({@link Chat#quietJoinsAbove}): the
     * others were not told, and are not shown them, until they speak or are given a standing.
     * Null while there are none.
     */
    private Set<User> quiet;
    /** Users holding an invitation here, so that the invitations die with the room. */
    private Set<User> invited;
    private String joinKey = "";
    private int limit;
    private Topic topic;

    Room(String name, long createdMillis, ChatTotals totals, long chargedBytes) {
        this.name = name;
        this.key = Names.fold(name);
        this.createdMillis = createdMillis;
        this.totals = totals;
        this.chargedBytes = chargedBytes;
    }

    public String name() {
        return name;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public Collection<User> members() {
        return Collections.unmodifiableSet(members);
    }

    public int size() {
        return members.size();
    }

    /**
     * The members {@code viewer} is shown, in the order they came: those whose arrival was
     * announced, and the viewer. What every dialect's names and who listings show, so that a
     * client's member list agrees with the joins it was told of.
     */
    public List<User> membersShownTo(User viewer) {
        List<User> shown = new ArrayList<>(quiet == null ? members.size() : members.size() - quiet.size() + 1);
        for (User member : members) {
            if (member == viewer || quiet == null || !quiet.contains(member)) {
                shown.add(member);
            }
        }
        return shown;
    }

    /** Whether the others were told that {@code member} came in; false for one who came in quietly. */
    public boolean isAnnounced(User member) {
        return quiet == null || !quiet.contains(member);
    }

    public boolean contains(User user) {
        return members.contains(user);
    }

    public boolean isOperator(User user) {
        return operators.contains(user);
    }

    public boolean isVoiced(User user) {
        return voiced.contains(user);
    }

    /** Whether {@code user} may see that this room exists and who is in it: a secret room only to its members. */
    public boolean isVisibleTo(User user) {
        return !flags.contains(RoomMode.SECRET) || members.contains(user);
    }

    /** The switches that are on: modes without an argument, plus KEY and LIMIT when set. */
    public Set<RoomMode> modes() {
        Set<RoomMode> on = EnumSet.noneOf(RoomMode.class);
        on.addAll(flags);
        if (!joinKey.isEmpty()) {
            on.add(RoomMode.KEY);
        }
        if (limit > 0) {
            on.add(RoomMode.LIMIT);
        }
        return on;
    }

    /** The entries of a mask list ({@link RoomMode.Argument#MASK} modes), oldest first. */
    public List<MaskEntry> masks(RoomMode list) {
        return masks == null ? List.of() : masks.entries(list);
    }

    /** The word needed to join, empty if none. */
    public String joinKey() {
        return joinKey;
    }

    /** The most members allowed, 0 if any number. */
    public int limit() {
        return limit;
    }

    /** The topic, or null if none is set. */
    public Topic topic() {
        return topic;
    }

    String key() {
        return key;
    }

    long chargedBytes() {
        return chargedBytes;
    }

    /** Whether a switch without an argument is on. */
    public boolean has(RoomMode mode) {
        return flags.contains(mode);
    }

    /** Whether {@code user} matches an entry of the list {@code list}. */
    boolean matches(RoomMode list, User user) {
        return masks != null && masks.matches(list, user);
    }

    boolean add(User user) {
        if (members.isEmpty()) {
            operators.add(user);
        }
        return members.add(user);
    }

    /** Adds a member whose arrival the others are not told of, until {@link #announce}. */
    void addQuietly(User user) {
        if (add(user)) {
            if (quiet == null) {
                quiet = new HashSet<>();
            }
            quiet.add(user);
        }
    }

    /** The others are to be told of a member who came in quietly; false if they were told already. */
    boolean announce(User member) {
        return quiet != null && quiet.remove(member);
    }

    boolean remove(User user) {
        operators.remove(user);
        voiced.remove(user);
        if (quiet != null) {
            quiet.remove(user);
        }
        return members.remove(user);
    }

    /**
     * Keeps the other side of {@link User#invite}: who holds an invitation to this room. It is
     * charged to the chat's totals first; false, keeping nothing, if it does not fit.
     */
    boolean addInvitation(User user) {
        if (!totals.tryInvitation()) {
            return false;
        }
        if (invited == null) {
            invited = new HashSet<>(2);
        }
        invited.add(user);
        return true;
    }

    void removeInvitation(User user) {
        if (invited != null && invited.remove(user)) {
            totals.invitationGone();
        }
    }

    /** The room is gone: every invitation to it is dropped, so no user keeps it alive. */
    void dropInvitations() {
        if (invited != null) {
            for (User user : List.copyOf(invited)) {
                user.uninvite(this);
            }
            invited = null;
        }
    }

    void topic(Topic newTopic) {
        topic = newTopic;
    }

    /**
     * Applies one change by {@code by} at {@code millis}; false if it changed nothing (already so,
     * a full list, no room left in the chat's total of entries, or an argument that does not fit).
     */
    boolean apply(RoomMode.Change change, User member, User by, long millis) {
        return switch (change.mode().argument) {
            case MEMBER -> member != null
                    && setMember(change.mode() == RoomMode.OPERATOR ? operators : voiced, member, change.on());
            case MASK -> masks().set(change.mode(), change.on(), new MaskEntry(change.argument(), by.nick(), millis, by.isServerOperator()));
            case TEXT -> change.mode() == RoomMode.KEY ? setKey(change) : setLimit(change);
            case NONE -> change.on() ? flags.add(change.mode()) : flags.remove(change.mode());
        };
    }

    private MaskLists masks() {
        if (masks == null) {
            masks = new MaskLists(totals);
        }
        return masks;
    }

    private boolean setMember(Set<User> set, User member, boolean on) {
        return members.contains(member) && (on ? set.add(member) : set.remove(member));
    }

    private boolean setKey(RoomMode.Change change) {
        String wanted = change.on() ? change.argument() : "";
        if (wanted.equals(joinKey) || (change.on() && wanted.isEmpty())) {
            return false;
        }
        joinKey = wanted;
        return true;
    }

    private boolean setLimit(RoomMode.Change change) {
        int wanted = 0;
        if (change.on()) {
            try {
                wanted = Integer.parseInt(change.argument());
            } catch (NumberFormatException e) {
                return false;
            }
            if (wanted <= 0) {
                return false;
            }
        }
        if (wanted == limit) {
            return false;
        }
        limit = wanted;
        return true;
    }

    @Override
    public String toString() {
        return name;
    }
}
