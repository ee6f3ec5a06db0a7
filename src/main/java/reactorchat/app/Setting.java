package reactorchat.app;

import java.util.Locale;

import reactorchat.chat.Chat;
import reactorchat.chat.History;
import reactorchat.cli.CommandLine;

/** Every option of {@code serve}: its flag (also its key in a config file), argument and meaning. */
enum Setting implements CommandLine.Flag {
    LISTEN("DIALECT=HOST:PORT", Endpoint.DEFAULTS,
            "a listener; repeat for several (a config file separates them with commas); dialects: line, echo, irc, http,"
            + " frame (for programs and file transfers), web (browsers: the web client and WebSocket); DIALECT+tls"
            + " (e.g. irc+tls) for TLS, which needs tls-cert and tls-key; without a port, the dialect's usual one"
            + " (line 7000, frame 7001, echo 7002, irc 6667, http 9100, web 8080; line+tls 7443, frame+tls 7444,"
            + " irc+tls 6697, http+tls 9443, web+tls 8443) on 127.0.0.1 or the host given; ?proxy at the end"
            + " (irc=0.0.0.0:6667?proxy) for a listener behind a proxy that sends the PROXY protocol"),
    PROXY_FROM("CIDR", "", "the proxies (ADDRESS/BITS, IPv4 or IPv6; repeat, or separate with commas) whose word on"
            + " their clients' addresses is taken: a PROXY header on ?proxy listeners, which refuse anyone else, and"
            + " X-Forwarded-For on web listeners (default: none)"),
    TLS_CERT("FILE", "", "the certificate chain of the +tls listeners, PEM, the server's own first (certbot's"
            + " fullchain.pem); read again on SIGHUP for new connections"),
    TLS_KEY("FILE", "", "its private key, PEM PKCS#8, RSA or EC (certbot's privkey.pem); read again on SIGHUP"),
    TLS_HANDSHAKE_TIMEOUT("SECONDS", "10", "close a TLS connection whose handshake is not done this long after"
            + " the connect (0 = never)"),
    MAX_CONNECTIONS("N", "10000", "connections open at once; one more is told the server is full (0 = unlimited)"),
    MAX_PER_ADDRESS("N", "0", "connections open at once from one IP address, an IPv6 one counted by its ipv6-prefix"
            + " (0 = unlimited)"),
    IPV6_PREFIX("BITS", "64", "how much of an IPv6 address names one host, for max-per-address and for cloaks"
            + " (a restart changes it)"),
    MAX_LINE("BYTES", "4096", "longest line accepted; a longer one is refused with an error and skipped"),
    MAX_OUTBOUND("BYTES", "1m", "output queued for one connection before it is cut off as a slow consumer (0 = unlimited)"),
    MAX_CLIENT_MEMORY("BYTES", "25%", "memory all clients together may make the server hold (output queues, held input,"
            + " unfinished frames, chat state); past it new things are refused and the biggest holders cut"
            + " (a % is of the heap; 0 = unlimited)", "max-outbound-total"),
    SOFT_OUTBOUND("BYTES", "256k", "output a connection may have queued for at most soft-outbound-seconds (0 = off)"),
    SOFT_OUTBOUND_SECONDS("SECONDS", "10", "how long a connection's output may stay above soft-outbound"),
    SOCKET_SEND_BUFFER("BYTES", "0", "the kernel's send buffer per connection (0 = the OS decides; Linux lets it grow to 4 MiB)"),
    IDLE_TIMEOUT("SECONDS", "0", "close a connection that sends nothing for this long (0 = never)"),
    PARTIAL_TIMEOUT("SECONDS", "30", "close a chat connection whose line or frame stays unfinished this long (0 = never)"),
    HTTP_HEADER_TIMEOUT("SECONDS", "10", "answer 408 to an http request whose headers have not come this long after the connect"
            + " (0 = never)"),
    QUIET_JOINS_ABOVE("N", String.valueOf(Chat.DEFAULT_QUIET_JOINS_ABOVE), "a join into a room of this many members is told"
            + " to the joiner alone; the others hear of it when the newcomer first speaks (0 = every join is told)"),
    FLUSH_WINDOW("MS", "5", "as the server gets busy, new output waits up to this long for more, so that one write"
            + " carries several lines; an idle server writes at once (0 = always at once)"),
    FLOOD_RATE("N", "10", "lines a connection may send per second; past that its reads pause (0 = off)"),
    FLOOD_BURST("N", "20", "lines a connection may get ahead of flood-rate (after a quiet spell, this many and one more at once)"),
    FLOOD_TIMEOUT("SECONDS", "30", "close a connection whose lines have waited for flood-rate this long without a break (0 = never)"),
    MAX_FRAME("BYTES", "128k", "longest frame a frame client may send; a longer one is refused and the connection closed"),
    MAX_FILE("BYTES", "1g", "largest file a frame client may offer"),
    MAX_WS_MESSAGE("BYTES", "16k", "longest WebSocket message a web client may send, over all its fragments; a longer"
            + " one closes the connection (close code 1009)"),
    WS_ORIGIN("ORIGIN", "", "a page on another host (scheme://host[:port]) whose scripts may open a WebSocket on the"
            + " web listener; repeat for several (default: only pages served by the web listener itself)"),
    WEB_HOST("NAME", "", "a name browsers reach the web listener by (the public name the page is served under);"
            + " repeat for several; its address and, on loopback, localhost always count"),
    IRC_SERVER_NAME("NAME", "reactor-chat", "the host name the irc dialect gives the server in its replies"),
    IRC_SERVER_INFO("TEXT", "reactor-chat, one thread, one selector",
            "the irc server's description in WHOIS, INFO and LINKS"),
    IRC_OPER("NAME:PASSWORD", "", "an irc server operator login for OPER, its password in plain text; repeat for several"
            + " (default: none; better: a line oper.NAME = HASH in the config file, the HASH from hash-password)"),
    PASSWORD("PASSWORD", "", "clients of every chat dialect must give this before they chat (line: /pass, irc: PASS,"
            + " frame: a PASS frame; default: none needed; on the command line others see it: prefer password-file)",
            "irc-password"),
    PASSWORD_FILE("FILE", "", "the password of --password read from the first line of this file instead, at start and"
            + " on SIGHUP"),
    MOTD("FILE", "", "irc message of the day, read at start and on SIGHUP (default: none, clients get 422)"),
    IRC_PING_INTERVAL("SECONDS", "120", "irc clients silent this long are sent a PING (0 = never)"),
    IRC_PING_TIMEOUT("SECONDS", "60", "irc clients that do not answer a PING within this are disconnected"),
    IRC_REGISTER_TIMEOUT("SECONDS", "30", "irc clients not registered this long after connecting are disconnected (0 = never)"),
    CLOAK_SECRET_FILE("FILE", "", "the secret that users' addresses are cloaked with, shown to others instead"
            + " (default: cloak.key in the data directory, made on first start)"),
    DATA_DIR("DIR", "", "where the server keeps its own files (the cloak key), created on first start (default:"
            + " $STATE_DIRECTORY when systemd sets it, else ./reactor-chat-data)"),
    HISTORY_LINES("N", String.valueOf(History.Limits.DEFAULT_LINES), "lines said in each room kept, shown to its"
            + " members (0 = no history); private messages are never kept"),
    HISTORY_ON_JOIN("N", String.valueOf(History.Limits.DEFAULT_ON_JOIN), "the newest lines of a room's history shown"
            + " to whoever joins it (0 = none)"),
    HISTORY_MEMORY("BYTES", "16m", "heap all rooms' history may take together, charged to max-client-memory; past"
            + " it the oldest lines of the rooms spoken in least lately go first"),
    HISTORY_MAX_BYTES("BYTES", "64m", "the history journal in the data directory stays within this, so history"
            + " outlives a restart; its oldest half goes when it is full (0 = no journal: history ends with the server)"),
    HISTORY_FSYNC("always|everysec|no", "everysec", "how often the journal is flushed to the disk: after each batch of"
            + " lines, once a second, or when the system chooses (the loss a power cut may cost)"),
    LOG_LEVEL("LEVEL", "info", "trace, debug, info, warn, error or off"),
    STATS_INTERVAL("SECONDS", "300", "log a one-line summary of the server's state this often (0 = never)"),
    CONFIG("FILE", "", "read these settings from a properties file first; flags given here win");

    final String argument;
    final String defaultValue;
    final String description;
    /** The flag's former name, still understood; empty if it never had another. */
    final String formerKey;

    Setting(String argument, String defaultValue, String description) {
        this(argument, defaultValue, description, "");
    }

    Setting(String argument, String defaultValue, String description, String formerKey) {
        this.argument = argument;
        this.defaultValue = defaultValue;
        this.description = description;
        this.formerKey = formerKey;
    }

    /** The flag without its dashes, which is also the key in a config file: {@code max-line}. */
    @Override
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String argument() {
        return argument;
    }

    /** The setting of a flag or config key, under its name or its former name; null if none. */
    static Setting forKey(String key) {
        for (Setting setting : values()) {
            if (setting.key().equals(key) || setting.formerKey.equals(key) && !key.isEmpty()) {
                return setting;
            }
        }
        return null;
    }

    /** What to tell the operator who used the former name {@code key}; null if {@code key} is current. */
    String deprecation(String key) {
        return formerKey.isEmpty() || !formerKey.equals(key) ? null
                : "--" + formerKey + " is deprecated and will be removed; use --" + key();
    }
}
