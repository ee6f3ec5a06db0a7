package reactorchat.protocol.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import reactorchat.chat.User;
import reactorchat.chat.Watchlist;
import reactorchat.codec.Text;
import reactorchat.protocol.CommandCost;

/**
 * MONITOR (IRCv3 monitor): a client names nicks it wants to hear come and go, and is told at
 * once which are online (730) or not (731), then again whenever that changes. The list is the
 * chat's {@link Watchlist}, bounded per user and in total; past either the client gets 734.
 */
final class MonitorCommand {
    private MonitorCommand() {
    }

    static void monitor(IrcSession session, IrcMessage message) {
        Watchlist watchlist = session.chat.watchlist();
        switch (message.param(0).toUpperCase(Locale.ROOT)) {
            case "+" -> add(session, message);
            case "-" -> {
                if (message.size() < 2) {
                    session.reply(Numerics.ERR_NEEDMOREPARAMS, "MONITOR");
                    return;
                }
                for (String nick : message.list(1)) {
                    watchlist.remove(session.user, nick);
                }
            }
            case "C" -> watchlist.clear(session.user);
            case "L" -> {
                session.replyListed(Numerics.RPL_MONLIST, List.copyOf(watchlist.of(session.user)), ',');
                session.reply(Numerics.RPL_ENDOFMONLIST);
            }
            case "S" -> status(session, List.copyOf(watchlist.of(session.user)));
            default -> session.reply(Numerics.ERR_UNKNOWNCOMMAND, "MONITOR " + Text.echo(message.param(0)));
        }
    }

    /** MONITOR + costs what a listing of the nicks it names does, as its answer is one. */
    static int cost(IrcSession session, IrcMessage message) {
        return CommandCost.listing(message.list(1).size());
    }

    private static void add(IrcSession session, IrcMessage message) {
        if (message.size() < 2) {
            session.reply(Numerics.ERR_NEEDMOREPARAMS, "MONITOR");
            return;
        }
        List<String> targets = message.list(1);
        List<String> added = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            String nick = targets.get(i);
            switch (session.chat.watchlist().add(session.user, nick)) {
                case ADDED, ALREADY -> added.add(nick);
                case INVALID -> session.reply(Numerics.ERR_ERRONEUSNICKNAME, Text.echo(nick));
                case FULL -> {
                    status(session, added);
                    session.reply(Numerics.ERR_MONLISTFULL, Watchlist.PER_USER,
                            Text.echo(String.join(",", targets.subList(i, targets.size()))));
                    return;
                }
            }
        }
        status(session, added);
    }

    /** 730 for those of {@code nicks} online (with their source), 731 for the others. */
    private static void status(IrcSession session, List<String> nicks) {
        List<String> online = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        for (String nick : nicks) {
            Optional<User> user = session.chat.user(nick);
            if (user.isPresent()) {
                online.add(IrcFormat.source(user.get()));
            } else {
                offline.add(nick);
            }
        }
        session.replyListed(Numerics.RPL_MONONLINE, online, ',');
        session.replyListed(Numerics.RPL_MONOFFLINE, offline, ',');
    }
}
