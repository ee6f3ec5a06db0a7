package reactorchat.protocol.irc;

import java.util.Optional;

import reactorchat.chat.User;
import reactorchat.codec.Text;

/** Server operators (RFC 2812 sections 3.1.4, 3.7.1, 4.7): OPER, KILL and WALLOPS. */
final class OperatorCommands {
    private OperatorCommands() {
    }

    /** OPER name password: the pair must be one of the {@code --irc-oper} logins. */
    static void oper(IrcSession session, IrcMessage message) {
        String password = session.dialect.options.opers().get(message.param(0));
        if (password == null) {
            session.reply(Numerics.ERR_NOOPERHOST);
            return;
        }
        if (!password.equals(message.param(1))) {
            session.reply(Numerics.ERR_PASSWDMISMATCH);
            return;
        }
        User user = session.user;
        if (!user.isServerOperator()) {
            user.setServerOperator(true);
            session.send(":" + IrcFormat.source(user) + " MODE " + user.nick() + " :+o");
        }
        session.reply(Numerics.RPL_YOUREOPER);
    }

    /** KILL nick [:reason]: the target is disconnected and quits with "Killed (oper (reason))". */
    static void kill(IrcSession session, IrcMessage message) {
        if (!session.user.isServerOperator()) {
            session.reply(Numerics.ERR_NOPRIVILEGES);
            return;
        }
        String nick = message.param(0);
        Optional<User> target = session.chat.user(nick);
        if (target.isEmpty()) {
            session.reply(Numerics.ERR_NOSUCHNICK, Text.echo(nick));
            return;
        }
        String reason = message.param(1).isEmpty() ? session.user.nick() : message.param(1);
        session.chat.kill(session.user, target.get(), reason);
    }

    /** WALLOPS :text, from a server operator to every IRC user with user mode +w. */
    static void wallops(IrcSession session, IrcMessage message) {
        if (!session.user.isServerOperator()) {
            session.reply(Numerics.ERR_NOPRIVILEGES);
            return;
        }
        session.dialect.wallops(":" + IrcFormat.source(session.user) + " WALLOPS :" + message.param(0));
    }
}
