package reactorchat.protocol.irc;

import java.util.HashMap;
import java.util.Map;

import reactorchat.protocol.CommandCost;

/**
 * The irc dialect's command table: for each command, the parameters it needs, whether the client
 * must be registered, its handler, and what it costs against the flood budget (one line, but for
 * the listings: {@link CommandCost}; as ngircd's table carries a penalty per command). The session
 * checks the first two before calling the handler, so a handler starts with its real work.
 * Handlers are grouped by family, as in RFC 2812 section 3.
 */
enum IrcCommand {
    CAP(1, false, Registration::cap),
    PASS(1, false, Registration::pass),
    NICK(0, false, Registration::nick),
    USER(4, false, Registration::user),
    PING(0, false, Registration::ping),
    PONG(0, false, Registration::pong),
    QUIT(0, false, Registration::quit),
    JOIN(1, true, ChannelCommands::join),
    PART(1, true, ChannelCommands::part),
    TOPIC(1, true, ChannelCommands::topic),
    NAMES(0, true, ChannelCommands::names, ChannelCommands::namesCost),
    LIST(0, true, ChannelCommands::list, ChannelCommands::listCost),
    KICK(2, true, ChannelCommands::kick),
    INVITE(0, true, ChannelCommands::invite),
    MODE(1, true, ModeCommand::mode),
    PRIVMSG(0, true, MessageCommands::privmsg),
    NOTICE(0, true, MessageCommands::notice),
    AWAY(0, true, MessageCommands::away),
    WHO(0, true, QueryCommands::who, QueryCommands::whoCost),
    WHOIS(0, true, QueryCommands::whois),
    WHOWAS(0, true, QueryCommands::whowas),
    ISON(1, true, QueryCommands::ison),
    USERHOST(1, true, QueryCommands::userhost),
    MOTD(0, true, Registration::motd),
    LUSERS(0, true, Registration::lusers),
    VERSION(0, true, QueryCommands::version),
    TIME(0, true, QueryCommands::time),
    LINKS(0, true, QueryCommands::links),
    INFO(0, true, QueryCommands::info),
    OPER(2, true, OperatorCommands::oper),
    KILL(1, true, OperatorCommands::kill),
    WALLOPS(1, true, OperatorCommands::wallops),
    MONITOR(1, true, MonitorCommand::monitor, MonitorCommand::cost),
    HELP(0, true, Help::help),
    HELPOP(0, true, Help::help),
    TAGMSG(1, true, MessageCommands::tagmsg),
    SETNAME(1, true, MessageCommands::setname),
    CHATHISTORY(1, true, ChatHistoryCommand::chathistory, ChatHistoryCommand::cost);

    /** What runs a command; it may assume the checks of the table have passed. */
    @FunctionalInterface
    interface Handler {
        void handle(IrcSession session, IrcMessage message);
    }

    /** What a command costs, in lines; asked only of a command the handler will get. */
    @FunctionalInterface
    interface Cost {
        int of(IrcSession session, IrcMessage message);
    }

    private static final Map<String, IrcCommand> BY_NAME = new HashMap<>();

    static {
        for (IrcCommand command : values()) {
            BY_NAME.put(command.name(), command);
        }
    }

    /** Fewer parameters than this get 461; commands with their own "missing" numeric say 0. */
    final int minParams;
    /** Before registration such a command gets 451. */
    final boolean needsRegistration;
    final Handler handler;
    final Cost cost;

    IrcCommand(int minParams, boolean needsRegistration, Handler handler) {
        this(minParams, needsRegistration, handler, (session, message) -> 1);
    }

    IrcCommand(int minParams, boolean needsRegistration, Handler handler, Cost cost) {
        this.minParams = minParams;
        this.needsRegistration = needsRegistration;
        this.handler = handler;
        this.cost = cost;
    }

    /** The command of that (upper-case) name, or null. */
    static IrcCommand named(String name) {
        return BY_NAME.get(name);
    }
}
