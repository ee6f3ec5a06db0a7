package reactorchat.protocol.irc;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import reactorchat.chat.Former;
import reactorchat.chat.Mask;
import reactorchat.chat.Room;
import reactorchat.chat.User;
import reactorchat.codec.Text;
import reactorchat.protocol.ChatSession;
import reactorchat.protocol.CommandCost;
import reactorchat.reactor.Connection;

/** Questions about users and the server (RFC 2812 sections 3.4 and 3.6): WHO, WHOIS, ISON, USERHOST, VERSION, TIME. */
final class QueryCommands {
    /** RFC 2812 section 4.8: USERHOST answers for at most five nicks. */
    private static final int USERHOST_MAX = 5;

    private QueryCommands() {
    }

    /**
     * WHO #channel lists its members; WHO mask lists visible users whose nick matches ({@code *} and
     * {@code ?}). With a second parameter {@code %fields[,token]} (IRCv3 WHOX) each is answered by a
     * 354 holding just those fields.
     */
    static void who(IrcSession session, IrcMessage message) {
        String mask = message.param(0);
        Whox whox = Whox.parse(message.param(1));
        if (mask.startsWith("#")) {
            Optional<Room> room = ChannelCommands.visible(session, mask);
            if (room.isPresent()) {
                for (User member : room.get().membersShownTo(session.user)) {
                    whoReply(session, whox, IrcFormat.channel(room.get()), member,
                            IrcFormat.status(room.get(), member, session.has(IrcDialect.Capability.MULTI_PREFIX)));
                }
            }
        } else {
            boolean everyone = mask.isEmpty() || mask.equals("0") || mask.equals("*");
            Optional<User> named = everyone ? Optional.empty() : session.chat.user(mask);
            if (named.isPresent()) { // modern.ircdocs.horse: invisibility hides from masks, not from a plain nick
                whoReply(session, whox, "*", named.get(), "");
            } else {
                for (User each : session.chat.users()) {
                    if (isVisible(session.user, each) && (everyone || Mask.matches(mask, each.nick()))) {
                        whoReply(session, whox, "*", each, "");
                    }
                }
            }
        }
        session.reply(Numerics.RPL_ENDOFWHO, mask.isEmpty() ? "*" : Text.echo(mask));
    }

    /** WHO costs what listing a channel's members does; a mask, what listing every user does. */
    static int whoCost(IrcSession session, IrcMessage message) {
        String mask = message.param(0);
        if (mask.startsWith("#")) {
            return CommandCost.ofMembers(session.chat, session.user, mask.substring(1));
        }
        return session.chat.user(mask).isPresent() ? 1 : CommandCost.listing(session.chat.userCount());
    }

    static void whois(IrcSession session, IrcMessage message) {
        String nicks = message.size() >= 2 ? message.param(1) : message.param(0);
        if (nicks.isEmpty()) {
            session.reply(Numerics.ERR_NONICKNAMEGIVEN);
            return;
        }
        for (String nick : nicks.split(",")) {
            Optional<User> user = session.chat.user(nick);
            if (user.isEmpty()) {
                session.reply(Numerics.ERR_NOSUCHNICK, Text.echo(nick));
            } else {
                whoisReplies(session, user.get());
            }
            session.reply(Numerics.RPL_ENDOFWHOIS, user.map(User::nick).orElse(Text.echo(nick)));
        }
    }

    /** WHOWAS nick [count]: who had the nick lately, newest first; a count of 0 or less means all. */
    static void whowas(IrcSession session, IrcMessage message) {
        String nick = message.param(0);
        if (nick.isEmpty()) {
            session.reply(Numerics.ERR_NONICKNAMEGIVEN);
            return;
        }
        List<Former> found = session.chat.formerly(nick);
        int count = message.param(1).matches("[0-9]{1,6}") ? Integer.parseInt(message.param(1)) : 0;
        if (found.isEmpty()) {
            session.reply(Numerics.ERR_WASNOSUCHNICK, Text.echo(nick));
        }
        for (Former former : found.subList(0, count > 0 ? Math.min(count, found.size()) : found.size())) {
            session.reply(Numerics.RPL_WHOWASUSER, former.nick(), former.ident(), former.host(),
                    former.realName());
            session.reply(Numerics.RPL_WHOISSERVER, former.nick(), session.dialect.serverName,
                    ZonedDateTime.ofInstant(Instant.ofEpochMilli(former.millis()), session.dialect.clock.getZone())
                            .format(DateTimeFormatter.RFC_1123_DATE_TIME));
        }
        session.reply(Numerics.RPL_ENDOFWHOWAS, Text.echo(nick));
    }

    static void ison(IrcSession session, IrcMessage message) {
        List<String> online = new ArrayList<>();
        for (String param : message.params()) {
            for (String nick : param.split(" ")) {
                if (!nick.isEmpty()) {
                    session.chat.user(nick).ifPresent(user -> online.add(user.nick()));
                }
            }
        }
        session.reply(Numerics.RPL_ISON, String.join(" ", online));
    }

    static void userhost(IrcSession session, IrcMessage message) {
        List<String> replies = new ArrayList<>();
        for (String nick : message.params().subList(0, Math.min(USERHOST_MAX, message.size()))) {
            session.chat.user(nick).ifPresent(user -> replies.add(
                    user.nick() + "=" + (user.away().isEmpty() ? "+" : "-") + user.ident() + "@" + user.host()));
        }
        session.reply(Numerics.RPL_USERHOST, String.join(" ", replies));
    }

    static void version(IrcSession session, IrcMessage message) {
        if (!isThisServer(session, message.param(0))) {
            return;
        }
        IrcDialect dialect = session.dialect;
        session.reply(Numerics.RPL_VERSION, dialect.version, dialect.serverName, dialect.serverInfo);
        Registration.isupport(session);
    }

    /** There are no other servers: LINKS lists this one. */
    static void links(IrcSession session, IrcMessage message) {
        session.reply(Numerics.RPL_LINKS, session.dialect.serverName, session.dialect.serverName,
                session.dialect.serverInfo);
        session.reply(Numerics.RPL_ENDOFLINKS);
    }

    static void info(IrcSession session, IrcMessage message) {
        session.reply(Numerics.RPL_INFO, session.dialect.version);
        session.reply(Numerics.RPL_INFO, session.dialect.serverInfo);
        session.reply(Numerics.RPL_INFO, "started " + session.dialect.created);
        session.reply(Numerics.RPL_ENDOFINFO);
    }

    static void time(IrcSession session, IrcMessage message) {
        if (isThisServer(session, message.param(0))) {
            session.reply(Numerics.RPL_TIME, session.dialect.serverName,
                    ZonedDateTime.now(session.dialect.clock).format(DateTimeFormatter.RFC_1123_DATE_TIME));
        }
    }

    /** There is one server: a query naming another gets 402. */
    private static boolean isThisServer(IrcSession session, String server) {
        if (server.isEmpty() || server.equalsIgnoreCase(session.dialect.serverName)) {
            return true;
        }
        session.reply(Numerics.ERR_NOSUCHSERVER, Text.echo(server));
        return false;
    }

    private static void whoisReplies(IrcSession session, User user) {
        session.reply(Numerics.RPL_WHOISUSER, user.nick(), user.ident(), user.host(), user.realName());
        List<String> channels = new ArrayList<>();
        for (Room room : user.rooms()) {
            if (!room.isVisibleTo(session.user)) {
                continue;
            }
            channels.add(IrcFormat.status(room, user, session.has(IrcDialect.Capability.MULTI_PREFIX))
                    + IrcFormat.channel(room));
        }
        session.replyFilled(Numerics.RPL_WHOISCHANNELS, channels, user.nick()); // none: no 319 at all
        session.reply(Numerics.RPL_WHOISSERVER, user.nick(), session.dialect.serverName, session.dialect.serverInfo);
        Connection connection = user.recipient() instanceof ChatSession<?> chat ? chat.connection : null;
        if (connection != null && connection.isTls()) {
            session.reply(Numerics.RPL_WHOISSECURE, user.nick());
        }
        if (session.user.isServerOperator() || session.user == user) {
            session.reply(Numerics.RPL_WHOISHOST, user.nick(), user.address(), user.address());
            if (connection != null && connection.tlsFingerprint() != null) {
                session.reply(Numerics.RPL_WHOISCERTFP, user.nick(), connection.tlsFingerprint());
            }
        }
        if (user.isServerOperator()) {
            session.reply(Numerics.RPL_WHOISOPERATOR, user.nick());
        }
        if (!user.away().isEmpty()) {
            session.reply(Numerics.RPL_AWAY, user.nick(), user.away());
        }
    }

    private static void whoReply(IrcSession session, Whox whox, String channel, User user, String status) {
        String flags = (user.away().isEmpty() ? "H" : "G") + (user.isServerOperator() ? "*" : "") + status;
        if (whox == null) {
            session.reply(Numerics.RPL_WHOREPLY, channel, user.ident(), user.host(), session.dialect.serverName,
                    user.nick(), flags, user.realName());
            return;
        }
        // The real address only to server operators and the user themselves, as in WHOIS.
        boolean mayKnow = session.user.isServerOperator() || session.user == user;
        session.reply(Numerics.RPL_WHOSPCRPL, whox.reply(channel, user, mayKnow ? user.address() : Whox.HIDDEN_IP,
                session.dialect.serverName, flags));
    }

    /** RFC 2812 section 3.1.5: an invisible user is listed only to people who share a channel with them. */
    private static boolean isVisible(User asker, User user) {
        if (!user.isInvisible() || user == asker) {
            return true;
        }
        for (Room room : user.rooms()) {
            if (room.contains(asker)) {
                return true;
            }
        }
        return false;
    }
}
