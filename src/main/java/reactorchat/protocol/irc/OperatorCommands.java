package reactorchat.protocol.irc;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactorchat.chat.User;
import reactorchat.codec.Text;
import reactorchat.protocol.PasswordHash;

/**
 * Server operators (RFC 2812 sections 3.1.4, 3.7.1, 4.7): OPER, KILL and WALLOPS. Every OPER, won or
 * lost, and every KILL is logged at info for audit: who, from which address (the real one, not
 * the cloak), under which login; never a password.
 */
final class OperatorCommands {
    private static final Logger log = LoggerFactory.getLogger(OperatorCommands.class);
    /** Wrong passwords a connection may give; then it is closed, so each few guesses cost a new connection. */
    static final int MAX_FAILED_OPERS = 3;
    /** Attempts turned away by a full check pool are logged in one line at most this often. */
    private static final long BUSY_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);

    private OperatorCommands() {
    }

    /**
     * OPER name password: the pair must be one of the operator logins. The hash is checked off the
     * loop; meanwhile the session reads nothing more, so that what the client sent after OPER is
     * handled after its answer, as it would be were the check instant. A login that does not exist
     * is checked all the same, against a hash no password matches, and refused as a wrong password
     * is: neither the answer nor its time tells which logins exist. When too many checks wait
     * already, the client is told to try again (263), which is no failure: a crowd of guessers
     * keeping the pool full may delay the real operator but cannot make their right password wrong.
     */
    static void oper(IrcSession session, IrcMessage message) {
        if (session.dialect.options.opers().isEmpty()) {
            session.reply(Numerics.ERR_NOOPERHOST); // nobody can be one: no login to hide
            return;
        }
        String login = message.param(0);
        PasswordHash known = session.dialect.options.opers().get(login);
        PasswordHash hash = known != null ? known : PasswordHash.NONE;
        if (!session.dialect.passwordChecks.check(hash, message.param(1), session.connection::runLater,
                matched -> checked(session, known != null ? login : null, matched))) {
            turnedAway(session);
            return;
        }
        session.holdInput();
    }

    private static void turnedAway(IrcSession session) {
        IrcDialect dialect = session.dialect;
        dialect.busyOpersUnlogged++;
        long now = System.nanoTime();
        if (now - dialect.busyOpersLogDueNanos >= 0) {
            log.info("OPER refused: too many password checks waiting; {} told to try again since the last such line,"
                    + " the latest {}", dialect.busyOpersUnlogged, IrcFormat.logged(session.user));
            dialect.busyOpersUnlogged = 0;
            dialect.busyOpersLogDueNanos = now + BUSY_LOG_NANOS;
        }
        session.reply(Numerics.RPL_TRYAGAIN, "OPER");
    }

    /**
     * The answer of OPER's check, on the loop on the connection's behalf (not run if it closed
     * meanwhile). Input held meanwhile is handled once the answer is given.
     */
    private static void checked(IrcSession session, String login, boolean matched) {
        try {
            answer(session, login, matched);
        } finally {
            session.releaseInput();
        }
    }

    /** @param login null for one that does not exist: what was given may be a password, so it is not logged */
    private static void answer(IrcSession session, String login, boolean matched) {
        User user = session.user;
        if (login == null || !matched) {
            if (login == null) {
                log.info("OPER refused: {} gave an unknown login", IrcFormat.logged(user));
            } else {
                log.info("OPER refused: {} gave a wrong password for {}", IrcFormat.logged(user), login);
            }
            session.reply(Numerics.ERR_PASSWDMISMATCH);
            if (++session.failedOpers >= MAX_FAILED_OPERS) {
                session.refuse("Too many failed OPER attempts");
            }
            return;
        }
        log.info("OPER: {} is a server operator as {}", IrcFormat.logged(user), login);
        if (!user.isServerOperator()) {
            user.setServerOperator(login);
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
        log.info("KILL: {} (operator {}) killed {} ({})", IrcFormat.logged(session.user),
                session.user.operatorLogin(), IrcFormat.logged(target.get()), reason);
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
