package reactorchat.chat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import reactorchat.chat.ChatEvent.Kind;
import reactorchat.codec.Text;
import reactorchat.reactor.MemoryBudget;

/**
 * Users, rooms and who hears what. It knows no sockets and no wire format: it tells each
 * recipient what happened ({@link Delivery}), and a dialect turns that into bytes. It enforces the
 * rooms' rules ({@link RoomMode}) for every dialect alike; {@link Users} and {@link Rooms} keep its
 * books. Not thread-safe: the event loop is its only caller.
 */
public final class Chat {
    /** Members a room may have before joins into it are quiet: see {@link #quietJoinsAbove}. */
    public static final int DEFAULT_QUIET_JOINS_ABOVE = 200;

    private final Clock clock;
    private final ChatTotals totals;
    private final Users users;
    private final Rooms rooms;
    private final Delivery delivery = new Delivery();
    private final Transfers transfers;
    private final Moderation moderation;
    private final Watchlist watchlist;
    private final MessageIds messageIds = new MessageIds();
    private final History history;
    private long messages;
    private HostCloak cloak;

    public Chat(Clock clock) {
        this(clock, MemoryBudget.UNLIMITED);
    }

    /** A chat whose state is charged to {@code budget}, the server's budget for state of no connection. */
    public Chat(Clock clock, MemoryBudget budget) {
        this.clock = clock;
        this.users = new Users(clock);
        this.totals = new ChatTotals(ChatTotals.Limits.DEFAULTS, budget);
        this.history = new History(History.Limits.DEFAULTS, budget);
        this.rooms = new Rooms(clock, totals, history);
        this.transfers = new Transfers(users, delivery, totals, Transfers.Limits.DEFAULTS);
        this.moderation = new Moderation(this, rooms, delivery, clock, totals);
        this.watchlist = new Watchlist(Watchlist.Limits.DEFAULTS, budget);
    }

    /**
     * From now on, who joins a room of {@code members} or more (0: no room) comes in quietly: only
     * they are told, and the others are told of them, and shown them in listings, once they speak
     * or are given a standing. Else a storm of joins into a room of thousands costs every member a
     * notice for every other: millions of them.
     */
    public void quietJoinsAbove(int members) {
        rooms.quietJoinsAbove(members);
    }

    /**
     * From now on, users who connect are shown to others by {@code cloak}'s cloak of their address
     * instead of the address itself. Without one (a chat made for a test) the address is shown.
     */
    public void hideAddresses(HostCloak cloak) {
        this.cloak = cloak;
    }

    /** Adds a user from {@code address} under a fresh {@code guest-N} nick, in no room yet. */
    public User connect(Recipient recipient, String address) {
        return arrived(users.addGuest(recipient, address, cloak));
    }

    /** Adds a user under the nick they chose, in no room yet; empty if that nick is invalid or taken. */
    public Optional<User> connect(Recipient recipient, String address, String nick, String ident, String realName) {
        return users.add(recipient, address, cloak, nick, ident, realName).map(this::arrived);
    }

    /** Who watches which nicks come and go; the chat tells the watchers ({@link Recipient#watchedOnline}). */
    public Watchlist watchlist() {
        return watchlist;
    }

    private User arrived(User user) {
        for (User watcher : watchlist.watchers(user.nick())) {
            watcher.recipient().watchedOnline(user);
        }
        return user;
    }

    private void gone(String nick) {
        if (delivery.isSilent()) {
            return; // the server is stopping: everyone is about to go
        }
        for (User watcher : watchlist.watchers(nick)) {
            watcher.recipient().watchedOffline(nick);
        }
    }

    /** Renames a user; everyone sharing a room with them, and they themselves, are told. */
    public NickResult rename(User user, String newNick) {
        String oldNick = user.nick();
        NickResult result = users.rename(user, newNick);
        if (result == NickResult.CHANGED) {
            Set<User> audience = user.neighbours();
            audience.add(user);
            delivery.toAll(audience, new ChatEvent.NickChanged(user, oldNick));
            if (!Names.fold(oldNick).equals(Names.fold(newNick))) { // a change of case is still the same nick
                gone(oldNick);
                arrived(user);
            }
        }
        return result;
    }

    /** Puts a user in a room that needs no key, creating it if it is new. */
    public JoinResult join(User user, String roomName) {
        return join(user, roomName, "");
    }

    /**
     * Puts a user in a room, creating it (with them as its operator) if it is new; everyone in it,
     * the newcomer too, is told. {@code key} counts only if the room has one. A user in
     * {@link User#MAX_ROOMS} rooms is refused any other, whatever its name.
     */
    public JoinResult join(User user, String roomName, String key) {
        Room room = rooms.get(roomName);
        if (room != null && room.contains(user)) {
            return JoinResult.ALREADY_THERE;
        }
        if (user.rooms().size() >= User.MAX_ROOMS) {
            return JoinResult.TOO_MANY_JOINED;
        }
        if (!Names.isValidRoom(roomName)) {
            return JoinResult.INVALID;
        }
        if (room == null) {
            room = rooms.create(roomName, user.rooms().isEmpty());
            if (room == null) {
                return JoinResult.TOO_MANY_ROOMS;
            }
        }
        JoinResult refusal = RoomRules.admission(room, user, key);
        if (refusal != JoinResult.JOINED) {
            return refusal;
        }
        if (!rooms.mayEnter(user)) {
            rooms.dropIfEmpty(room);
            return JoinResult.NO_ROOM_FOR_MEMBER;
        }
        boolean quietly = rooms.enter(room, user);
        delivery.toAll(quietly ? List.of(user) : room.members(), new ChatEvent.Joined(user, room));
        return JoinResult.JOINED;
    }

    /** Takes a user out of a room; everyone in it, the leaver too, is told. An empty room is gone. */
    public boolean part(User user, Room room, String reason) {
        if (!room.contains(user)) {
            return false;
        }
        delivery.toAll(room.isAnnounced(user) ? room.members() : List.of(user),
                new ChatEvent.Left(user, room, Text.isolated(reason)));
        rooms.leave(room, user);
        return true;
    }

    /**
     * Sends a message to everyone in a room, the sender included, if the room's rules let them
     * speak: DONE, or NOT_MEMBER, MODERATED or NO_CTCP, and then nobody is told anything.
     */
    public Outcome say(User from, Room room, Kind kind, String text) {
        return say(from, room, kind, text, "");
    }

    /** As {@link #say(User, Room, Kind, String)}, with {@code tags} relayed by dialects that carry them. */
    public Outcome say(User from, Room room, Kind kind, String text, String tags) {
        Outcome allowed = RoomRules.maySay(from, room, rooms.isLive(room), kind, text);
        if (allowed == Outcome.DONE) {
            delivery.announce(room, from);
            messages++;
            ChatEvent.RoomMessage message = new ChatEvent.RoomMessage(from, room, kind, Text.isolated(text),
                    clock.millis(), messageIds.next(), tags);
            delivery.toAll(room.members(), message);
            history.said(message);
        }
        return allowed;
    }

    /**
     * Sends a message to the room's operators, and to its voiced members too if {@code voicedToo},
     * under the rules for speaking there. It is not kept: history is for every member to read.
     */
    public Outcome sayToStanding(User from, Room room, boolean voicedToo, Kind kind, String text, String tags) {
        Outcome allowed = RoomRules.maySay(from, room, rooms.isLive(room), kind, text);
        if (allowed == Outcome.DONE) {
            delivery.announce(room, from);
            messages++;
            List<User> audience = new ArrayList<>();
            for (User member : room.members()) {
                if (room.isOperator(member) || voicedToo && room.isVoiced(member)) {
                    audience.add(member);
                }
            }
            delivery.toAll(audience, new ChatEvent.StatusMessage(from, room, voicedToo, kind, Text.isolated(text),
                    clock.millis(), messageIds.next(), tags));
        }
        return allowed;
    }

    /**
     * Sends tags without a message to a room, the sender included, under the rules for speaking
     * there; only dialects that carry tags show it. Not counted as a message, nor kept.
     */
    public Outcome tag(User from, Room room, String tags) {
        Outcome allowed = RoomRules.maySpeak(from, room, rooms.isLive(room));
        if (allowed == Outcome.DONE) {
            delivery.toAll(room.members(), new ChatEvent.Tagged(from, room, null, tags, clock.millis(),
                    messageIds.next()));
        }
        return allowed;
    }

    /** Sends tags without a message to one user; empty if no one has that nick. */
    public Optional<ChatEvent.Tagged> tag(User from, String toNick, String tags) {
        User to = users.get(toNick);
        if (to == null) {
            return Optional.empty();
        }
        ChatEvent.Tagged tagged = new ChatEvent.Tagged(from, null, to, tags, clock.millis(), messageIds.next());
        delivery.to(to, tagged);
        return Optional.of(tagged);
    }

    /**
     * Sends a private message; the sender's dialect confirms it, with the message as delivered
     * (whom it reached, and when). Empty if no one has that nick.
     */
    public Optional<ChatEvent.PrivateMessage> tell(User from, String toNick, Kind kind, String text) {
        return tell(from, toNick, kind, text, "");
    }

    /** As {@link #tell(User, String, Kind, String)}, with {@code tags} relayed by dialects that carry them. */
    public Optional<ChatEvent.PrivateMessage> tell(User from, String toNick, Kind kind, String text, String tags) {
        User to = users.get(toNick);
        if (to == null) {
            return Optional.empty();
        }
        messages++;
        ChatEvent.PrivateMessage message = new ChatEvent.PrivateMessage(from, to, kind, Text.isolated(text),
                clock.millis(), messageIds.next(), tags);
        delivery.to(to, message);
        return Optional.of(message);
    }

    /**
     * The room's history as {@code viewer} may read it: only a member of the room may, whatever the
     * room's rules; empty for anyone else.
     */
    public Optional<RoomHistory> history(User viewer, Room room) {
        if (!rooms.isLive(room) || !room.contains(viewer)) {
            return Optional.empty();
        }
        RoomHistory kept = history.of(room.name());
        return Optional.of(kept == null ? new RoomHistory() : kept);
    }

    /** What a member who has just joined {@code room} is shown of its history: the newest few, oldest first. */
    public List<HistoryEntry> historyOnJoin(User member, Room room) {
        return history(member, room).map(kept -> kept.latest(history.limits().onJoin())).orElse(List.of());
    }

    /** Every room's history, for its limits, its journal and its counts. */
    public History history() {
        return history;
    }

    /** Sets (or, with empty text, clears) a room's topic; everyone in the room is told. */
    public Outcome setTopic(User by, Room room, String text) {
        return moderation.setTopic(by, room, text);
    }

    /**
     * An operator changes the room's rules or members' standing. Changes that would change nothing,
     * or name someone not in the room, are left out; everyone in the room is told of the rest.
     */
    public Outcome changeModes(User by, Room room, List<RoomMode.Change> changes) {
        return moderation.changeModes(by, room, changes);
    }

    /** An operator puts someone out of the room; everyone in it, the target too, is told first. */
    public Outcome kick(User by, Room room, User target, String reason) {
        return moderation.kick(by, room, target, reason);
    }

    /**
     * Invites {@code target}; only they are told. An operator's invitation lets them in once past
     * every lock an operator can set (+i, +b, +k, +l). A plain member may invite only to a room that
     * is not invite-only, and that invitation opens nothing.
     */
    public Outcome invite(User by, Room room, User target) {
        return moderation.invite(by, room, target);
    }

    /**
     * A server operator disconnects someone: the target is told (its dialect closes its connection),
     * then it quits, and everyone who shared a room with it is told why.
     */
    public Outcome kill(User by, User target, String reason) {
        return moderation.kill(by, target, reason);
    }

    /** Removes a user from the chat; everyone who shared a room with them is told once. */
    public void quit(User user, String reason) {
        if (!users.contains(user)) {
            return;
        }
        transfers.userQuit(user);
        Set<User> audience = user.neighbours();
        for (Room room : List.copyOf(user.rooms())) {
            rooms.leave(room, user);
        }
        user.uninviteAll();
        totals.textGone(user.away());
        users.remove(user);
        watchlist.clear(user);
        delivery.toAll(audience, new ChatEvent.Quit(user, Text.isolated(reason)));
        gone(user.nick());
    }

    /**
     * From now on nobody is told anything: the server is stopping and every user is about to quit,
     * which would otherwise cost a message to each remaining user for each user who leaves.
     */
    public void silence() {
        delivery.silence();
    }

    /**
     * Marks a user away with {@code message}, or back with an empty one; false if no room is left
     * for it. Everyone sharing a room with them, and who watches their nick, is told.
     */
    public boolean setAway(User user, String message) {
        String away = Text.isolated(message);
        if (!totals.replaceText(user.away(), away)) {
            return false;
        }
        user.setAway(away);
        Set<User> audience = user.neighbours();
        audience.addAll(watchlist.watchers(user.nick()));
        delivery.toAll(audience, new ChatEvent.AwayChanged(user, away));
        return true;
    }

    /** Gives a user another real name; everyone sharing a room with them or watching their nick, and they, are told. */
    public void setRealName(User user, String realName) {
        user.setRealName(Text.isolated(realName));
        Set<User> audience = user.neighbours();
        audience.addAll(watchlist.watchers(user.nick()));
        audience.add(user);
        delivery.toAll(audience, new ChatEvent.RealNameChanged(user, user.realName()));
    }

    /** The chat's state in total: rooms, list entries, topic and away text. */
    public ChatTotals totals() {
        return totals;
    }

    /** The file transfers under way between users of this chat. */
    public Transfers transfers() {
        return transfers;
    }

    public Optional<User> user(String nick) {
        return Optional.ofNullable(users.get(nick));
    }

    /** Who had this nick lately (compared ignoring case), newest first. */
    public List<Former> formerly(String nick) {
        return users.formerly(nick);
    }

    public Collection<User> users() {
        return users.all();
    }

    public Optional<Room> room(String name) {
        return Optional.ofNullable(rooms.get(name));
    }

    /**
     * The room of that name, if {@code viewer} may see it ({@link Room#isVisibleTo}): every dialect
     * answers a secret room an outsider names as it answers a missing one.
     */
    public Optional<Room> visibleRoom(User viewer, String name) {
        return room(name).filter(room -> room.isVisibleTo(viewer));
    }

    public Collection<Room> rooms() {
        return rooms.all();
    }

    /** The rooms {@code viewer} may see, by name ignoring case: what every dialect's listing shows. */
    public List<Room> visibleRooms(User viewer) {
        return rooms.visibleTo(viewer);
    }

    public int userCount() {
        return users.count();
    }

    /** Room and private messages said since the chat began. */
    public long messages() {
        return messages;
    }

    /** Events handed to recipients since the chat began: a line said in a room of ten is ten. */
    public long deliveries() {
        return delivery.count();
    }

    /** The most users there have been at once since the chat began. */
    public int peakUserCount() {
        return users.peak();
    }
}
