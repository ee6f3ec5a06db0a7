package reactorchat.protocol.irc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import reactorchat.chat.Names;
import reactorchat.chat.User;
import reactorchat.codec.Text;

/**
 * Connection registration and the connection's life (RFC 2812 section 3.1, modern.ircdocs.horse
 * "Connection Registration"): CAP, PASS, NICK, USER, PING, PONG, QUIT, and the welcome burst
 * (001-005, LUSERS, MOTD) that ends it.
 */
final class Registration {
    private Registration() {
    }

    /** Capability negotiation (IRCv3 capability-negotiation), offering {@link IrcDialect.Capability}. */
    static void cap(IrcSession session, IrcMessage message) {
        String prefix = ":" + session.dialect.serverName + " CAP " + session.nick() + " ";
        switch (message.param(0).toUpperCase(Locale.ROOT)) {
            case "LS" -> {
                // A client that asks holds registration open until CAP END, even for "LS 302".
                session.negotiatingCaps = session.user == null;
                if (message.param(1).matches("[0-9]{3,4}") && Integer.parseInt(message.param(1)) >= 302) {
                    session.capabilities.add(IrcDialect.Capability.CAP_NOTIFY); // implied by 302 (capability-negotiation)
                }
                session.send(prefix + "LS :" + tokens(EnumSet.allOf(IrcDialect.Capability.class)));
            }
            case "LIST" -> session.send(prefix + "LIST :" + tokens(session.capabilities));
            case "REQ" -> {
                session.negotiatingCaps = session.user == null;
                String requested = message.param(1).strip();
                session.send(prefix + (request(session, requested) ? "ACK :" : "NAK :") + requested);
            }
            case "END" -> {
                session.negotiatingCaps = false;
                tryToRegister(session);
            }
            default -> session.reply(Numerics.ERR_INVALIDCAPCMD, Text.echo(message.param(0)));
        }
    }

    /** Applies a CAP REQ as a whole, or not at all if it names a capability not offered. */
    private static boolean request(IrcSession session, String requested) {
        Set<IrcDialect.Capability> on = EnumSet.noneOf(IrcDialect.Capability.class);
        Set<IrcDialect.Capability> off = EnumSet.noneOf(IrcDialect.Capability.class);
        for (String token : requested.split(" +")) {
            boolean remove = token.startsWith("-");
            IrcDialect.Capability capability = IrcDialect.Capability.named(remove ? token.substring(1) : token);
            if (capability == null) {
                return false;
            }
            (remove ? off : on).add(capability);
        }
        session.capabilities.addAll(on);
        session.capabilities.removeAll(off);
        return true;
    }

    private static String tokens(Set<IrcDialect.Capability> capabilities) {
        StringBuilder tokens = new StringBuilder();
        for (IrcDialect.Capability capability : capabilities) {
            tokens.append(tokens.length() == 0 ? "" : " ").append(capability.token);
        }
        return tokens.toString();
    }

    static void pass(IrcSession session, IrcMessage message) {
        if (session.user != null) {
            session.reply(Numerics.ERR_ALREADYREGISTERED);
            return;
        }
        session.password = message.param(0);
    }

    static void nick(IrcSession session, IrcMessage message) {
        String nick = message.param(0);
        if (nick.isEmpty()) {
            session.reply(Numerics.ERR_NONICKNAMEGIVEN);
        } else if (!isValidNick(nick)) {
            session.reply(Numerics.ERR_ERRONEUSNICKNAME, Text.echo(nick));
        } else if (session.user != null) {
            switch (session.chat.rename(session.user, nick)) {
                case IN_USE -> session.reply(Numerics.ERR_NICKNAMEINUSE, nick);
                case INVALID -> session.reply(Numerics.ERR_ERRONEUSNICKNAME, nick);
                case CHANGED, UNCHANGED -> { } // the chat's NICK event is the answer
            }
        } else if (session.chat.user(nick).isPresent()) {
            session.reply(Numerics.ERR_NICKNAMEINUSE, nick);
        } else {
            session.pendingNick = nick;
            tryToRegister(session);
        }
    }

    static void user(IrcSession session, IrcMessage message) {
        if (session.user != null) {
            session.reply(Numerics.ERR_ALREADYREGISTERED);
            return;
        }
        if (message.param(0).isEmpty() || message.param(3).isEmpty()) { // modern.ircdocs.horse: must not be empty
            session.reply(Numerics.ERR_NEEDMOREPARAMS, "USER");
            return;
        }
        session.ident = ident(message.param(0));
        session.realName = message.param(3);
        tryToRegister(session);
    }

    static void ping(IrcSession session, IrcMessage message) {
        if (message.param(0).isEmpty()) {
            session.reply(Numerics.ERR_NOORIGIN);
            return;
        }
        session.send(":" + session.dialect.serverName + " PONG " + session.dialect.serverName + " :" + message.param(0));
    }

    /** Nothing to do: receiving the line has already reset the keep-alive clock. */
    static void pong(IrcSession session, IrcMessage message) {
    }

    /**
     * A client's own reason is relayed as {@code Quit: reason} (modern.ircdocs.horse, QUIT), so that
     * no client can pass off its quit as a server's "Killed (...)" or "Ping timeout: ..."; those
     * reasons alone go out unprefixed.
     */
    static void quit(IrcSession session, IrcMessage message) {
        session.disconnect("Quit: " + message.param(0));
    }

    static void motd(IrcSession session, IrcMessage message) {
        sendMotd(session);
    }

    static void lusers(IrcSession session, IrcMessage message) {
        sendLusers(session);
    }

    /** RPL_MOTDSTART, RPL_MOTD for each line and RPL_ENDOFMOTD, or ERR_NOMOTD if there is none. */
    private static void sendMotd(IrcSession session) {
        if (session.dialect.options.motd().isEmpty()) {
            session.reply(Numerics.ERR_NOMOTD);
            return;
        }
        session.reply(Numerics.RPL_MOTDSTART, session.dialect.serverName);
        for (String line : session.dialect.options.motd()) {
            session.reply(Numerics.RPL_MOTD, line);
        }
        session.reply(Numerics.RPL_ENDOFMOTD);
    }

    private static void sendLusers(IrcSession session) {
        int invisible = 0;
        int operators = 0;
        for (User each : session.chat.users()) {
            invisible += each.isInvisible() ? 1 : 0;
            operators += each.isServerOperator() ? 1 : 0;
        }
        int users = session.chat.userCount();
        session.reply(Numerics.RPL_LUSERCLIENT, users - invisible, invisible);
        session.reply(Numerics.RPL_LUSEROP, operators);
        session.reply(Numerics.RPL_LUSERCHANNELS, session.chat.rooms().size());
        session.reply(Numerics.RPL_LUSERME, users);
        int peak = session.chat.peakUserCount();
        session.reply(Numerics.RPL_LOCALUSERS, users, peak, users, peak);
        session.reply(Numerics.RPL_GLOBALUSERS, users, peak, users, peak);
    }

    /** 005 lines, a few tokens each; VERSION sends them again. */
    static void isupport(IrcSession session) {
        var tokens = IrcDialect.ISUPPORT;
        for (int from = 0; from < tokens.size(); from += IrcDialect.TOKENS_PER_LINE) {
            var line = tokens.subList(from, Math.min(tokens.size(), from + IrcDialect.TOKENS_PER_LINE));
            session.reply(Numerics.RPL_ISUPPORT, String.join(" ", line));
        }
    }

    /** Nicks every dialect accepts, less those RFC 2812 section 2.3.1 forbids to IRC: a leading digit or '-'. */
    static boolean isValidNick(String nick) {
        char first = nick.isEmpty() ? '0' : nick.charAt(0);
        return Names.isValidNick(nick) && first != '-' && (first < '0' || first > '9');
    }

    /** Registers once NICK and USER are in, the password matches and capability negotiation is over. */
    private static void tryToRegister(IrcSession session) {
        if (session.user != null || session.pendingNick == null || session.ident == null || session.negotiatingCaps) {
            return;
        }
        String required = session.dialect.options.password();
        if (!required.isEmpty() && !MessageDigest.isEqual(required.getBytes(StandardCharsets.UTF_8),
                session.password.getBytes(StandardCharsets.UTF_8))) { // in constant time: timing tells a guesser nothing
            session.reply(Numerics.ERR_PASSWDMISMATCH);
            session.refuse("Bad password");
            return;
        }
        String nick = session.pendingNick;
        Optional<User> user = session.chat.connect(session, session.host(), nick, session.ident,
                session.realName);
        if (user.isEmpty()) { // taken since NICK was accepted: the client must choose again
            session.pendingNick = null;
            session.reply(Numerics.ERR_NICKNAMEINUSE, nick);
            return;
        }
        session.user = user.get();
        welcome(session);
    }

    private static void welcome(IrcSession session) {
        IrcDialect dialect = session.dialect;
        session.reply(Numerics.RPL_WELCOME, IrcDialect.NETWORK, IrcFormat.source(session.user));
        session.reply(Numerics.RPL_YOURHOST, dialect.serverName, dialect.version);
        session.reply(Numerics.RPL_CREATED, dialect.created);
        session.reply(Numerics.RPL_MYINFO, dialect.serverName, dialect.version, "iow", "Ibeiklmnostv", "Ibeklov");
        isupport(session);
        sendLusers(session);
        sendMotd(session);
    }

    /** The user name from USER, reduced to characters that are safe in {@code nick!user@host}. */
    private static String ident(String given) {
        StringBuilder ident = new StringBuilder();
        for (int i = 0; i < given.length() && ident.length() < IrcDialect.USER_LENGTH; i++) {
            char c = given.charAt(i);
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '_' || c == '.') {
                ident.append(c);
            }
        }
        return ident.length() == 0 ? "user" : ident.toString();
    }
}
