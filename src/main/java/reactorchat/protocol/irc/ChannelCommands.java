package reactorchat.protocol.irc;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import reactorchat.chat.HistoryEntry;
import reactorchat.chat.Mask;
import reactorchat.chat.Outcome;
import reactorchat.chat.Room;
import reactorchat.chat.RoomMode;
import reactorchat.chat.Topic;
import reactorchat.chat.User;
import reactorchat.codec.Text;
import reactorchat.protocol.CommandCost;

/** Channel operations (RFC 2812 section 3.2): JOIN, PART, TOPIC, NAMES, LIST, KICK, INVITE. */
final class ChannelCommands {
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Why the chat keeps no more of something: one of its totals or the memory budget is spent. */
    static final String FULL_CHAT = "Not kept: the server holds as much chat state as it may";

    private ChannelCommands() {
    }

    static void join(IrcSession session, IrcMessage message) {
        if (message.param(0).equals("0")) { // RFC 2812 section 3.2.1: leave every channel
            for (Room room : List.copyOf(session.user.rooms())) {
                session.chat.part(session.user, room, "");
            }
            return;
        }
        if (message.list(0).isEmpty()) {
            session.reply(Numerics.ERR_NEEDMOREPARAMS, "JOIN"); // "JOIN ,": no channel at all
            return;
        }
        String[] channels = message.param(0).split(",", -1); // keep positions: the n-th key is the n-th channel's
        String[] keys = message.param(1).split(",");
        for (int i = 0; i < channels.length; i++) {
            if (!channels[i].isEmpty()) {
                joinOne(session, channels[i], i < keys.length ? keys[i] : "");
            }
        }
    }

    static void part(IrcSession session, IrcMessage message) {
        String reason = message.param(1);
        List<String> channels = message.list(0);
        if (channels.isEmpty()) {
            session.reply(Numerics.ERR_NEEDMOREPARAMS, "PART");
        }
        for (String channel : channels) {
            Optional<Room> room = room(session, channel);
            if (room.isPresent() && !session.chat.part(session.user, room.get(), reason)) {
                session.reply(Numerics.ERR_NOTONCHANNEL, channel);
            }
        }
    }

    static void topic(IrcSession session, IrcMessage message) {
        String channel = message.param(0);
        Optional<Room> room = room(session, channel);
        if (room.isEmpty()) {
            return;
        }
        if (message.size() < 2) {
            sendTopic(session, room.get(), true);
            return;
        }
        answer(session, session.chat.setTopic(session.user, room.get(), message.param(1)), channel, "");
    }

    static void names(IrcSession session, IrcMessage message) {
        List<String> channels = message.list(0);
        if (channels.isEmpty()) { // no channel, or only commas
            session.reply(Numerics.RPL_ENDOFNAMES, "*");
            return;
        }
        for (String channel : channels) {
            visible(session, channel).ifPresentOrElse(room -> sendNames(session, room),
                    () -> session.reply(Numerics.RPL_ENDOFNAMES, Text.echo(channel)));
        }
    }

    /** NAMES costs what listing every member of the channels it names does. */
    static int namesCost(IrcSession session, IrcMessage message) {
        int members = 0;
        for (String channel : message.list(0)) {
            members += visible(session, channel).map(Room::size).orElse(0);
        }
        return CommandCost.listing(members);
    }

    /** LIST costs what listing every room does, or the channels it names. */
    static int listCost(IrcSession session, IrcMessage message) {
        String channels = message.param(0);
        return channels.isEmpty() || isFilter(channels) ? CommandCost.ofRooms(session.chat)
                : CommandCost.listing(channels.split(",").length);
    }

    /**
     * LIST, LIST #a,#b, or LIST with filters (ISUPPORT {@code ELIST=MNU}), comma-separated, all of
     * which a channel must pass: a mask ({@code *} and {@code ?}) its name must match, {@code !mask}
     * one it must not, {@code >n} or {@code <n} for more or fewer members than n.
     */
    static void list(IrcSession session, IrcMessage message) {
        List<Room> rooms = new ArrayList<>();
        String asked = message.param(0);
        if (asked.isEmpty() || isFilter(asked)) {
            for (Room room : session.chat.visibleRooms(session.user)) {
                if (passes(room, asked)) {
                    rooms.add(room);
                }
            }
        } else {
            for (String channel : asked.split(",")) {
                visible(session, channel).ifPresent(rooms::add);
            }
        }
        session.reply(Numerics.RPL_LISTSTART);
        for (Room room : rooms) {
            Topic topic = room.topic();
            session.reply(Numerics.RPL_LIST, IrcFormat.channel(room), room.size(),
                    topic == null ? "" : topic.text());
        }
        session.reply(Numerics.RPL_LISTEND);
    }

    private static boolean isFilter(String asked) {
        return asked.startsWith("<") || asked.startsWith(">") || asked.startsWith("!") || asked.contains("*")
                || asked.contains("?");
    }

    /** Whether {@code room} passes every one of the comma-separated filters. */
    private static boolean passes(Room room, String filters) {
        String name = IrcFormat.channel(room);
        for (String filter : filters.split(",")) {
            boolean pass;
            if (filter.isEmpty()) {
                continue;
            } else if (filter.matches("[<>][0-9]{1,9}")) {
                int count = Integer.parseInt(filter.substring(1));
                pass = filter.charAt(0) == '<' ? room.size() < count : room.size() > count;
            } else if (filter.startsWith("!")) {
                pass = !Mask.matches(filter.substring(1), name);
            } else {
                pass = Mask.matches(filter, name);
            }
            if (!pass) {
                return false;
            }
        }
        return true;
    }

    /** RFC 2812 section 3.2.8: one channel and several users, or as many channels as users, in pairs. */
    static void kick(IrcSession session, IrcMessage message) {
        List<String> channels = message.list(0);
        List<String> nicks = message.list(1);
        if (nicks.size() > IrcDialect.MAX_TARGETS) {
            session.reply(Numerics.ERR_TOOMANYTARGETS, Text.echo(message.param(1)));
            return;
        }
        if (nicks.isEmpty() || (channels.size() != 1 && channels.size() != nicks.size())) {
            session.reply(Numerics.ERR_NEEDMOREPARAMS, "KICK"); // also "KICK , ,": nobody named
            return;
        }
        String reason = message.param(2).isEmpty() ? session.user.nick() : message.param(2);
        for (int i = 0; i < nicks.size(); i++) {
            kickOne(session, channels.get(channels.size() == 1 ? 0 : i), nicks.get(i), reason);
        }
    }

    private static void kickOne(IrcSession session, String channel, String nick, String reason) {
        Optional<Room> room = room(session, channel);
        if (room.isEmpty()) {
            return;
        }
        Optional<User> target = session.chat.user(nick);
        if (target.isEmpty()) {
            session.reply(Numerics.ERR_NOSUCHNICK, Text.echo(nick));
        } else {
            answer(session, session.chat.kick(session.user, room.get(), target.get(), reason), channel, nick);
        }
    }

    /** INVITE nick #channel; INVITE alone lists the channels one is invited to (336, 337). */
    static void invite(IrcSession session, IrcMessage message) {
        if (message.size() == 0) {
            for (Room room : session.user.invitations()) {
                session.reply(Numerics.RPL_INVITED, IrcFormat.channel(room));
            }
            session.reply(Numerics.RPL_ENDOFINVITED);
            return;
        }
        if (message.size() < 2) {
            session.reply(Numerics.ERR_NEEDMOREPARAMS, "INVITE");
            return;
        }
        String nick = message.param(0);
        String channel = message.param(1);
        Optional<User> target = session.chat.user(nick);
        if (target.isEmpty()) {
            session.reply(Numerics.ERR_NOSUCHNICK, Text.echo(nick));
            return;
        }
        Optional<Room> room = room(session, channel);
        if (room.isPresent()
                && answer(session, session.chat.invite(session.user, room.get(), target.get()), channel, nick)) {
            session.reply(Numerics.RPL_INVITING, target.get().nick(), IrcFormat.channel(room.get()));
            if (!target.get().away().isEmpty()) {
                session.reply(Numerics.RPL_AWAY, target.get().nick(), target.get().away());
            }
        }
    }

    /** RPL_TOPIC and RPL_TOPICWHOTIME, or RPL_NOTOPIC if asked and there is none. */
    static void sendTopic(IrcSession session, Room room, boolean asked) {
        Topic topic = room.topic();
        String channel = IrcFormat.channel(room);
        if (topic == null) {
            if (asked) {
                session.reply(Numerics.RPL_NOTOPIC, channel);
            }
            return;
        }
        session.reply(Numerics.RPL_TOPIC, channel, topic.text());
        session.reply(Numerics.RPL_TOPICWHOTIME, channel, topic.setBy(), topic.millis() / 1000);
    }

    /**
     * RPL_NAMREPLY lines, as many nicks in each as fit in 512 bytes, then RPL_ENDOFNAMES. The
     * channel is marked {@code @} if secret, {@code =} if public (RFC 2812 section 5.1, 353).
     */
    static void sendNames(IrcSession session, Room room) {
        String channel = IrcFormat.channel(room);
        String kind = room.has(RoomMode.SECRET) ? "@" : "=";
        boolean all = session.has(IrcDialect.Capability.MULTI_PREFIX);
        boolean full = session.has(IrcDialect.Capability.USERHOST_IN_NAMES);
        List<String> entries = new ArrayList<>(room.size());
        for (User member : room.membersShownTo(session.user)) {
            entries.add(IrcFormat.status(room, member, all) + (full ? IrcFormat.source(member) : member.nick()));
        }
        session.replyFilled(Numerics.RPL_NAMREPLY, entries, kind, channel);
        session.reply(Numerics.RPL_ENDOFNAMES, channel);
    }

    /**
     * The room a {@code #name} parameter names; if there is none, the client is told (403). A
     * secret room the client is not in counts as none, as in NAMES, LIST and WHO: otherwise
     * TOPIC and MODE would show an outsider its topic and modes, and PART, KICK and INVITE
     * would tell by their 442 that it exists.
     */
    static Optional<Room> room(IrcSession session, String channel) {
        Optional<Room> room = visible(session, channel);
        if (room.isEmpty()) {
            session.reply(Numerics.ERR_NOSUCHCHANNEL, Text.echo(channel));
        }
        return room;
    }

    /** The room a {@code #name} parameter names, if the client may see it; nothing is answered. */
    static Optional<Room> visible(IrcSession session, String channel) {
        return channel.startsWith("#") ? session.chat.visibleRoom(session.user, channel.substring(1)) : Optional.empty();
    }

    /** Tells the client why the chat refused; true if it did not. */
    static boolean answer(IrcSession session, Outcome outcome, String channel, String nick) {
        switch (outcome) {
            case DONE -> {
                return true;
            }
            case NOT_MEMBER -> session.reply(Numerics.ERR_NOTONCHANNEL, channel);
            case NOT_OPERATOR -> session.reply(Numerics.ERR_CHANOPRIVSNEEDED, channel);
            case TARGET_NOT_MEMBER -> session.reply(Numerics.ERR_USERNOTINCHANNEL, nick, channel);
            case TARGET_MEMBER -> session.reply(Numerics.ERR_USERONCHANNEL, nick, channel);
            case MODERATED, NO_CTCP -> session.reply(Numerics.ERR_CANNOTSENDTOCHAN, channel);
            case OVER_CAPACITY -> session.reply(Numerics.ERR_UNAVAILRESOURCE, channel, FULL_CHAT);
        }
        return false;
    }

    /** The newest lines of the room's history, to a member who has just joined it. */
    private static void sendHistory(IrcSession session, Room room) {
        if (session.has(IrcDialect.Capability.CHATHISTORY)) {
            return; // it asks CHATHISTORY for what it wants
        }
        if (session.has(IrcDialect.Capability.SERVER_TIME)) {
            boolean withId = session.has(IrcDialect.Capability.MESSAGE_TAGS);
            for (HistoryEntry entry : session.chat.historyOnJoin(session.user, room)) {
                session.connection.send(IrcFormat.replayedWithTime(room, entry, withId));
            }
            return;
        }
        ZoneId zone = session.dialect.clock.getZone();
        LocalDate today = LocalDate.now(session.dialect.clock);
        for (HistoryEntry entry : session.chat.historyOnJoin(session.user, room)) {
            ZonedDateTime said = Instant.ofEpochMilli(entry.millis()).atZone(zone);
            // A day other than today is named, so yesterday's evening does not pass for this morning.
            String stamp = (said.toLocalDate().equals(today) ? TIME_OF_DAY : DAY_AND_TIME).format(said);
            session.connection.send(IrcFormat.replayed(room, entry, stamp));
        }
    }

    private static void joinOne(IrcSession session, String channel, String key) {
        String name = channel.startsWith("#") ? channel.substring(1) : "";
        switch (session.chat.join(session.user, name, key)) {
            case JOINED -> {
                Room room = session.chat.room(name).orElseThrow();
                sendTopic(session, room, false);
                sendNames(session, room);
                sendHistory(session, room);
            }
            case ALREADY_THERE -> { } // RFC 2812 names no error; clients expect silence
            case INVALID -> session.reply(Numerics.ERR_NOSUCHCHANNEL, Text.echo(channel));
            case INVITE_ONLY -> session.reply(Numerics.ERR_INVITEONLYCHAN, channel);
            case BAD_KEY -> session.reply(Numerics.ERR_BADCHANNELKEY, channel);
            case FULL -> session.reply(Numerics.ERR_CHANNELISFULL, channel);
            case BANNED -> session.reply(Numerics.ERR_BANNEDFROMCHAN, channel);
            case TOO_MANY_ROOMS -> session.reply(Numerics.ERR_UNAVAILRESOURCE, channel,
                    "Cannot create channel: the server holds as many as it may");
            case TOO_MANY_JOINED -> session.reply(Numerics.ERR_TOOMANYCHANNELS, Text.echo(channel));
            case NO_ROOM_FOR_MEMBER -> session.reply(Numerics.ERR_UNAVAILRESOURCE, channel, FULL_CHAT);
        }
    }
}
