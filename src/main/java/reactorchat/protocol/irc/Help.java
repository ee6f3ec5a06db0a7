package reactorchat.protocol.irc;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import reactorchat.codec.Text;

/**
 * HELP and HELPOP (modern.ircdocs.horse, HELP): with no subject the commands there are, with a
 * command's name how to use it; 704, 705 lines, 706; 524 for a subject there is no help on.
 */
final class Help {
    private static final Map<String, String> USAGE = new TreeMap<>(Map.ofEntries(
            Map.entry("AWAY", "AWAY [:message] - mark yourself away, or back without a message"),
            Map.entry("CAP", "CAP LS|LIST|REQ|END - negotiate IRCv3 capabilities"),
            Map.entry("HELP", "HELP [command] - the commands there are, or how to use one"),
            Map.entry("INFO", "INFO - about this server"),
            Map.entry("INVITE", "INVITE nick #channel - invite someone into a channel"),
            Map.entry("ISON", "ISON nick [nick ...] - which of these nicks are online"),
            Map.entry("JOIN", "JOIN #channel[,#channel] [key[,key]] - enter channels; JOIN 0 leaves them all"),
            Map.entry("KICK", "KICK #channel nick[,nick] [:reason] - put someone out of a channel"),
            Map.entry("KILL", "KILL nick :reason - disconnect someone (server operators)"),
            Map.entry("LINKS", "LINKS - the servers of this network"),
            Map.entry("LIST", "LIST [#channel[,#channel]] - channels, their sizes and topics"),
            Map.entry("LUSERS", "LUSERS - how many users, operators and channels there are"),
            Map.entry("MODE", "MODE #channel [+-modes [arguments]] or MODE nick [+-iw] - see or change modes"),
            Map.entry("MONITOR", "MONITOR +|- nick[,nick] or MONITOR C|L|S - be told when nicks come and go"),
            Map.entry("MOTD", "MOTD - the message of the day"),
            Map.entry("NAMES", "NAMES #channel[,#channel] - who is in a channel"),
            Map.entry("NICK", "NICK nick - choose or change your nick"),
            Map.entry("NOTICE", "NOTICE target[,target] :text - a message that must not be answered automatically"),
            Map.entry("OPER", "OPER name password - become a server operator"),
            Map.entry("PART", "PART #channel[,#channel] [:reason] - leave channels"),
            Map.entry("PASS", "PASS password - the server's password, before NICK and USER"),
            Map.entry("PING", "PING token - the server answers PONG token"),
            Map.entry("PRIVMSG", "PRIVMSG target[,target] :text - send a message to channels or nicks"),
            Map.entry("QUIT", "QUIT [:reason] - leave the server"),
            Map.entry("TIME", "TIME - the server's time"),
            Map.entry("TOPIC", "TOPIC #channel [:topic] - see or set a channel's topic"),
            Map.entry("USER", "USER username 0 * :real name - who you are, at registration"),
            Map.entry("USERHOST", "USERHOST nick [nick ...] - the user and host of up to five nicks"),
            Map.entry("VERSION", "VERSION - this server's version and what it supports"),
            Map.entry("WALLOPS", "WALLOPS :text - a message to users with +w (server operators)"),
            Map.entry("WHO", "WHO mask|#channel [%fields[,token]] - list users, WHOX fields if asked"),
            Map.entry("WHOIS", "WHOIS nick[,nick] - about a user"),
            Map.entry("WHOWAS", "WHOWAS nick [count] - who had a nick lately")));

    private Help() {
    }

    static void help(IrcSession session, IrcMessage message) {
        String subject = message.param(0).toUpperCase(Locale.ROOT);
        if (subject.isEmpty()) {
            session.reply(Numerics.RPL_HELPSTART, "*", "Commands of " + session.dialect.serverName
                    + " (HELP command tells more):");
            session.replyFilled(Numerics.RPL_HELPTXT, List.copyOf(USAGE.keySet()), "*");
            session.reply(Numerics.RPL_ENDOFHELP, "*", "End of /HELP");
            return;
        }
        String usage = USAGE.get(subject.equals("HELPOP") ? "HELP" : subject);
        if (usage == null) {
            session.reply(Numerics.ERR_HELPNOTFOUND, Text.echo(message.param(0)));
            return;
        }
        session.reply(Numerics.RPL_HELPSTART, subject, usage);
        session.reply(Numerics.RPL_ENDOFHELP, subject, "End of /HELP");
    }
}
