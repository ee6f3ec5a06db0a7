package reactorchat.protocol.irc;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import reactorchat.chat.Chat;
import reactorchat.chat.Names;
import reactorchat.chat.Room;
import reactorchat.chat.Topic;
import reactorchat.chat.User;
import reactorchat.chat.Watchlist;
import reactorchat.codec.Decoder;
import reactorchat.codec.LineDecoder;
import reactorchat.protocol.PasswordChecks;
import reactorchat.protocol.SessionOptions;
import reactorchat.reactor.Connection;
import reactorchat.reactor.ConnectionFactory;
import reactorchat.reactor.ConnectionHandler;

/**
 * The irc dialect: the client side of RFC 1459/2812 as modern.ircdocs.horse describes it, on the
 * same chat as every other dialect ({@code #lobby} is the room {@code lobby}). One per listener.
 */
public final class IrcDialect implements ConnectionFactory {
    /** The network's name in the welcome and in ISUPPORT. */
    static final String NETWORK = "reactor-chat";
    /** Longest away message kept, in characters. */
    static final int AWAY_LENGTH = 200;
    /** Longest real name SETNAME takes, in characters. */
    static final int REAL_NAME_LENGTH = 200;
    /** Longest user name kept from USER, in characters. */
    static final int USER_LENGTH = 10;
    /** Targets one PRIVMSG or NOTICE, or KICK, may name. */
    static final int MAX_TARGETS = 4;
    /** Mode changes one MODE command may make. */
    static final int MAX_MODES = 4;
    /** ISUPPORT tokens per 005 line, so that each line stays far below 512 bytes. */
    static final int TOKENS_PER_LINE = 12;

    /** The IRCv3 capabilities offered (CAP LS). */
    enum Capability {
        AWAY_NOTIFY("away-notify"),
        BATCH("batch"),
        /** Nothing to turn on: the offer never changes while a client is connected, so no CAP NEW or DEL is sent. */
        CAP_NOTIFY("cap-notify"),
        /** CHATHISTORY; such a client is played no history on joining, as it asks for what it wants. */
        CHATHISTORY("draft/chathistory"),
        ECHO_MESSAGE("echo-message"),
        EXTENDED_JOIN("extended-join"),
        /** Those watched with MONITOR are shown as if in a channel with the watcher: away-notify, setname. */
        EXTENDED_MONITOR("extended-monitor"),
        INVITE_NOTIFY("invite-notify"),
        LABELED_RESPONSE("labeled-response"),
        MESSAGE_TAGS("message-tags"),
        MULTI_PREFIX("multi-prefix"),
        SERVER_TIME("server-time"),
        SETNAME("setname"),
        USERHOST_IN_NAMES("userhost-in-names");

        final String token;

        Capability(String token) {
            this.token = token;
        }

        static Capability named(String token) {
            for (Capability capability : values()) {
                if (capability.token.equals(token)) {
                    return capability;
                }
            }
            return null;
        }
    }

    /** RPL_ISUPPORT (005): how this server differs from RFC 1459; nothing here is unimplemented. */
    static final List<String> ISUPPORT = List.of(
            "AWAYLEN=" + AWAY_LENGTH,
            "CASEMAPPING=rfc1459",
            "CHANLIMIT=#:" + User.MAX_ROOMS,
            "CHANMODES=beI,k,l,Cimnst",
            "CHATHISTORY=" + ChatHistoryCommand.MAX_LIMIT,
            "ELIST=MNU",
            "CHANNELLEN=" + (Names.MAX_ROOM_LENGTH + 1),
            "CHANTYPES=#",
            "EXCEPTS=e",
            "INVEX=I",
            "KICKLEN=" + Topic.MAX_LENGTH,
            "MAXLIST=beI:" + Room.MAX_MASKS,
            "MODES=" + MAX_MODES,
            "MONITOR=" + Watchlist.PER_USER,
            "MSGREFTYPES=msgid,timestamp",
            "NETWORK=" + NETWORK,
            "NICKLEN=" + Names.MAX_NICK_LENGTH,
            "PREFIX=(ov)@+",
            "STATUSMSG=@+",
            "TARGMAX=JOIN:,KICK:" + MAX_TARGETS + ",NOTICE:" + MAX_TARGETS + ",PART:,PRIVMSG:" + MAX_TARGETS,
            "TOPICLEN=" + Topic.MAX_LENGTH,
            "USERLEN=" + USER_LENGTH,
            "WHOX");

    final Chat chat;
    /** Where OPER's passwords are checked, off the loop. */
    final PasswordChecks passwordChecks;
    /** OPER attempts turned away by a full check pool and not logged yet, and when the next may be. */
    int busyOpersUnlogged;
    long busyOpersLogDueNanos = System.nanoTime();
    /** One format for each combination of the capabilities that change how events are sent ({@link IrcFormat#SHAPES}). */
    final IrcFormat[] formats = new IrcFormat[IrcFormat.SHAPES];
    IrcOptions options;
    SessionOptions sessionOptions;
    /** The name this server gives itself in replies. */
    final String serverName;
    /** The server's one-line description in WHOIS, VERSION, INFO and LINKS. */
    final String serverInfo;
    final Clock clock;
    final String version;
    final String created;
    /** Sessions with user mode +w, in the order they asked. */
    private final Set<IrcSession> wallopsReceivers = new LinkedHashSet<>();

    public IrcDialect(Chat chat, Clock clock, IrcOptions options, SessionOptions sessionOptions,
                      PasswordChecks passwordChecks, String version) {
        this.chat = chat;
        this.passwordChecks = passwordChecks;
        this.sessionOptions = sessionOptions;
        this.clock = clock;
        this.options = options;
        this.serverName = options.serverName();
        this.serverInfo = options.serverInfo();
        this.version = "reactor-chat-" + version;
        this.created = ZonedDateTime.now(clock).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        for (int shape = 0; shape < formats.length; shape++) {
            formats[shape] = new IrcFormat(clock, shape);
        }
    }

    /**
     * Takes new session options (the unfinished-message deadline, the flood budget) for sessions
     * opened from now on.
     */
    public void reload(SessionOptions next) {
        sessionOptions = next;
    }

    /**
     * Takes new options (MOTD, password, operator logins, ping times) from now on; the server's name
     * and description stay as they were at start, since clients have been told them.
     */
    public void reload(IrcOptions next) {
        options = next;
    }

    void receiveWallops(IrcSession session, boolean on) {
        if (on) {
            wallopsReceivers.add(session);
        } else {
            wallopsReceivers.remove(session);
        }
    }

    boolean receivesWallops(IrcSession session) {
        return wallopsReceivers.contains(session);
    }

    /** Sends one WALLOPS message, encoded once, to every session with +w. */
    void wallops(String line) {
        ByteBuffer bytes = IrcFormat.bytes(line);
        for (IrcSession receiver : wallopsReceivers) {
            receiver.connection.send(bytes);
        }
    }

    @Override
    public ConnectionHandler open(Connection connection) {
        return new IrcSession(this, connection);
    }

    /** A session for IRC messages that come in another framing than lines (WebSocket), through {@code decoder}. */
    public ConnectionHandler open(Connection connection, Decoder<LineDecoder.Sink> decoder) {
        return new IrcSession(this, connection, decoder);
    }

    /** The longest message a client may send, without its line ending: RFC 1459's 512 with CRLF, and tags. */
    public static int maxLineBytes() {
        return IrcFormat.MAX_INPUT_BYTES;
    }

    @Override
    public ByteBuffer refusal(String reason) {
        return IrcFormat.bytes("ERROR :" + reason);
    }
}
