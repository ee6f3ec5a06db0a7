package reactorchat.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import reactorchat.chat.History;
import reactorchat.cli.CommandLine;
import reactorchat.cli.Numbers;
import reactorchat.protocol.InputLimits;
import reactorchat.protocol.PasswordHash;
import reactorchat.protocol.SessionOptions;
import reactorchat.protocol.frame.FrameOptions;
import reactorchat.protocol.irc.IrcOptions;
import reactorchat.protocol.web.WebOptions;
import reactorchat.reactor.Limits;
import reactorchat.reactor.TrustedProxies;
import reactorchat.reactor.WaterMarks;

/**
 * What {@code serve} runs with: built-in defaults, overridden by a {@code --config} properties
 * file, overridden by flags. {@code tls} is null when no certificate is given.
 */
public record Config(List<Endpoint> endpoints, Limits limits, String logLevel, int statsIntervalSeconds, IrcOptions irc,
                     FrameOptions frame, SessionOptions session, int httpHeaderTimeoutSeconds, int quietJoinsAbove,
                     int flushWindowMillis, Path dataDir, Path cloakSecretFile, int ipv6PrefixBits, WebOptions web,
                     TlsFiles tls, TrustedProxies proxies, HistoryOptions history,
                     List<String> warnings) {
    /** The longest message of the day read, in bytes. */
    static final int MAX_MOTD_BYTES = 64 << 10;
    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");
    /** A config file's keys for operator logins: {@code oper.NAME = HASH}, as many as needed. */
    static final String OPER_PREFIX = "oper.";
    /** The longest password file read, in bytes: a password is a line, not a document. */
    static final int MAX_PASSWORD_FILE_BYTES = 1024;
    static final String HASH_HOW = "make one with: java -jar reactor-chat.jar hash-password";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Parses {@code serve}'s arguments, e.g. {@code --listen line=127.0.0.1:0 --max-line 512}. */
    public static Config parse(List<String> args) throws UsageException {
        return parse(args, System.getenv());
    }

    /** Parses as {@link #parse(List)} does, in {@code environment} (systemd's STATE_DIRECTORY). */
    static Config parse(List<String> args, Map<String, String> environment) throws UsageException {
        List<String> warnings = new ArrayList<>();
        Map<Setting, List<String>> values = flags(args, warnings);
        List<String> configFile = values.remove(Setting.CONFIG);
        Map<String, PasswordHash> hashedOpers = new LinkedHashMap<>();
        if (configFile != null) {
            Map<Setting, List<String>> fromFile = readFile(configFile.get(configFile.size() - 1), hashedOpers, warnings);
            fromFile.forEach(values::putIfAbsent);
        }
        try {
            return build(values, hashedOpers, environment, warnings);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Map<Setting, List<String>> flags(List<String> args, List<String> warnings) throws UsageException {
        CommandLine<Setting> parsed;
        try {
            parsed = CommandLine.parse(args, Setting::forKey, 0, "--help");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Map<Setting, List<String>> values = new EnumMap<>(Setting.class);
        for (CommandLine.Given<Setting> given : parsed.given()) {
            warnIfDeprecated(given.flag(), given.typed(), warnings);
            if (given.flag() == Setting.PASSWORD) {
                addOnce(warnings, "--" + given.typed() + " shows the password to anyone who can list this machine's"
                        + " processes; put it in a file readable by the server alone and give --password-file");
            }
            values.computeIfAbsent(given.flag(), s -> new ArrayList<>()).add(given.value());
        }
        return values;
    }

    private static void warnIfDeprecated(Setting setting, String key, List<String> warnings) {
        String warning = setting.deprecation(key);
        if (warning != null) {
            addOnce(warnings, warning);
        }
    }

    private static void addOnce(List<String> warnings, String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    private static Map<Setting, List<String>> readFile(String name, Map<String, PasswordHash> hashedOpers,
                                                       List<String> warnings) throws UsageException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(name), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot read config file " + name + ": " + e.getMessage());
        }
        Map<Setting, List<String>> values = new EnumMap<>(Setting.class);
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(OPER_PREFIX)) {
                hashedOpers.put(operName(name, key), operHash(name, key, properties.getProperty(key)));
                continue;
            }
            Setting setting = Setting.forKey(key);
            if (setting == null || setting == Setting.CONFIG) {
                throw new UsageException("config file " + name + ": unknown key '" + key + "'");
            }
            warnIfDeprecated(setting, key, warnings);
            String value = properties.getProperty(key);
            values.put(setting, setting == Setting.LISTEN ? List.of(value.split("\\s*,\\s*")) : List.of(value));
        }
        return values;
    }

    private static String operName(String file, String key) throws UsageException {
        String login = key.substring(OPER_PREFIX.length());
        if (!login.matches("[^\\s:]+")) {
            throw new UsageException("config file " + file + ": '" + key + "' must name a login after " + OPER_PREFIX
                    + " (no spaces or colons)");
        }
        return login;
    }

    private static PasswordHash operHash(String file, String key, String value) throws UsageException {
        try {
            return PasswordHash.parse(value);
        } catch (IllegalArgumentException e) {
            // The message never repeats the value: it may be a password put where its hash belongs.
            throw new UsageException("config file " + file + ": " + key + " " + e.getMessage() + "; " + HASH_HOW);
        }
    }

    private static Config build(Map<Setting, List<String>> values, Map<String, PasswordHash> hashedOpers,
                                Map<String, String> environment, List<String> warnings) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String listen : values.getOrDefault(Setting.LISTEN, List.of(Setting.LISTEN.defaultValue.split(",")))) {
            endpoints.add(Endpoint.parse(listen));
        }
        Limits limits = new Limits(
                Numbers.wholeNumber("max-connections", last(values, Setting.MAX_CONNECTIONS), 0, 1_000_000),
                Numbers.wholeNumber("max-per-address", last(values, Setting.MAX_PER_ADDRESS), 0, 1_000_000),
                Numbers.bytes("max-outbound", last(values, Setting.MAX_OUTBOUND), 0, 1L << 40),
                Numbers.bytesOrShare("max-client-memory", last(values, Setting.MAX_CLIENT_MEMORY), 1L << 40,
                        Limits::heapShare),
                Numbers.bytes("soft-outbound", last(values, Setting.SOFT_OUTBOUND), 0, 1L << 40),
                Numbers.wholeNumber("soft-outbound-seconds", last(values, Setting.SOFT_OUTBOUND_SECONDS), 0, 3600),
                Numbers.wholeNumber("idle-timeout", last(values, Setting.IDLE_TIMEOUT), 0, 7 * 24 * 3600),
                (int) Numbers.bytes("socket-send-buffer", last(values, Setting.SOCKET_SEND_BUFFER), 0, 64 << 20));
        InputLimits input = new InputLimits(
                Numbers.wholeNumber("max-line", last(values, Setting.MAX_LINE), InputLimits.MIN_LINE_BYTES,
                        InputLimits.MAX_LINE_BYTES),
                Numbers.wholeNumber("flood-rate", last(values, Setting.FLOOD_RATE), 0, 1_000_000),
                Numbers.wholeNumber("flood-burst", last(values, Setting.FLOOD_BURST), 1, 1_000_000),
                Numbers.wholeNumber("flood-timeout", last(values, Setting.FLOOD_TIMEOUT), 0, 24 * 3600));
        String logLevel = last(values, Setting.LOG_LEVEL).strip();
        if (!LOG_LEVELS.contains(logLevel)) {
            throw new IllegalArgumentException("log-level must be one of trace, debug, info, warn, error, off; got '"
                    + logLevel + "'");
        }
        int statsInterval = Numbers.wholeNumber("stats-interval", last(values, Setting.STATS_INTERVAL), 0, 7 * 24 * 3600);
        FrameOptions frame = new FrameOptions(
                (int) Numbers.bytes("max-frame", last(values, Setting.MAX_FRAME), FrameOptions.MIN_FRAME_BYTES,
                        FrameOptions.MAX_FRAME_BYTES),
                Numbers.bytes("max-file", last(values, Setting.MAX_FILE), 0, 1L << 50));
        if (endpoints.stream().anyMatch(endpoint -> endpoint.dialect() == Dialect.FRAME)) {
            checkChunksFit(limits, frame);
        }
        String password = password(values, warnings);
        SessionOptions session = new SessionOptions(password,
                Numbers.wholeNumber("partial-timeout", last(values, Setting.PARTIAL_TIMEOUT), 0, 24 * 3600), input);
        int httpHeaderTimeout = Numbers.wholeNumber("http-header-timeout", last(values, Setting.HTTP_HEADER_TIMEOUT), 0, 3600);
        int quietJoinsAbove = Numbers.wholeNumber("quiet-joins-above", last(values, Setting.QUIET_JOINS_ABOVE), 0, 1_000_000);
        int flushWindow = Numbers.wholeNumber("flush-window", last(values, Setting.FLUSH_WINDOW), 0, 100);
        Map<String, PasswordHash> opers = opers(values.getOrDefault(Setting.IRC_OPER, List.of()), hashedOpers, warnings);
        IrcOptions irc = irc(values, password, opers);
        Path dataDir = DataDirectory.choose(last(values, Setting.DATA_DIR), environment);
        String cloakFile = last(values, Setting.CLOAK_SECRET_FILE).strip();
        TrustedProxies proxies = proxies(values, endpoints, warnings);
        return new Config(List.copyOf(endpoints), limits, logLevel, statsInterval, irc, frame, session,
                httpHeaderTimeout, quietJoinsAbove, flushWindow, dataDir,
                cloakFile.isEmpty() ? dataDir.resolve(CloakKey.DEFAULT_NAME) : Path.of(cloakFile),
                Numbers.wholeNumber("ipv6-prefix", last(values, Setting.IPV6_PREFIX), 16, 128),
                web(values, httpHeaderTimeout, proxies), tls(values, endpoints), proxies, history(values),
                List.copyOf(warnings));
    }

    private static HistoryOptions history(Map<Setting, List<String>> values) {
        History.Limits limits = new History.Limits(
                Numbers.wholeNumber("history-lines", last(values, Setting.HISTORY_LINES), 0, 1_000_000),
                Numbers.bytes("history-memory", last(values, Setting.HISTORY_MEMORY), 0, 1L << 40),
                Numbers.wholeNumber("history-on-join", last(values, Setting.HISTORY_ON_JOIN), 0, 1_000_000));
        long journal = Numbers.bytes("history-max-bytes", last(values, Setting.HISTORY_MAX_BYTES), 0, 1L << 50);
        if (journal > 0 && journal < HistoryOptions.MIN_JOURNAL_BYTES) {
            throw new IllegalArgumentException("history-max-bytes must be 0 (no journal) or at least 1m; got "
                    + last(values, Setting.HISTORY_MAX_BYTES).strip());
        }
        String fsync = last(values, Setting.HISTORY_FSYNC).strip();
        HistoryOptions.Fsync policy = switch (fsync) {
            case "always" -> HistoryOptions.Fsync.ALWAYS;
            case "everysec" -> HistoryOptions.Fsync.EVERYSEC;
            case "no" -> HistoryOptions.Fsync.NO;
            default -> throw new IllegalArgumentException("history-fsync must be always, everysec or no; got '"
                    + fsync + "'");
        };
        return new HistoryOptions(limits, journal, policy);
    }

    /** The certificate and key, read and checked; null if none is given and no listener needs one. */
    private static TlsFiles tls(Map<Setting, List<String>> values, List<Endpoint> endpoints) {
        String cert = last(values, Setting.TLS_CERT).strip();
        String key = last(values, Setting.TLS_KEY).strip();
        int timeout = Numbers.wholeNumber("tls-handshake-timeout", last(values, Setting.TLS_HANDSHAKE_TIMEOUT), 0, 3600);
        if (cert.isEmpty() != key.isEmpty()) {
            throw new IllegalArgumentException("tls-cert and tls-key go together: give both");
        }
        if (cert.isEmpty()) {
            for (Endpoint endpoint : endpoints) {
                if (endpoint.tls()) {
                    throw new IllegalArgumentException("the " + endpoint.label() + " listener needs --tls-cert and --tls-key");
                }
            }
            return null;
        }
        return TlsFiles.load(cert, key, timeout);
    }

    /**
     * A receiver's queue may hold the high water mark plus one frame: were that over an output
     * limit, a sender's chunks could cut any receiver off as a slow consumer.
     */
    private static void checkChunksFit(Limits limits, FrameOptions frame) {
        long most = WaterMarks.DEFAULTS.high() + (long) frame.maxFrameBytes() + 1024;
        for (long limit : new long[] {limits.softOutboundBytes(), limits.maxOutboundBytes()}) {
            if (limit != Limits.UNLIMITED && most > limit) {
                throw new IllegalArgumentException("max-frame (" + frame.maxFrameBytes() + ") plus the "
                        + WaterMarks.DEFAULTS.high() + "-byte high water mark must fit in soft-outbound ("
                        + limits.softOutboundBytes() + ") and max-outbound (" + limits.maxOutboundBytes() + ")");
            }
        }
    }

    private static WebOptions web(Map<Setting, List<String>> values, int headerTimeoutSeconds, TrustedProxies proxies) {
        return new WebOptions((int) Numbers.bytes("max-ws-message", last(values, Setting.MAX_WS_MESSAGE),
                WebOptions.MIN_MESSAGE_BYTES, WebOptions.MAX_MESSAGE_BYTES), listed(values, Setting.WS_ORIGIN),
                listed(values, Setting.WEB_HOST), headerTimeoutSeconds, proxies);
    }

    /**
     * The trusted proxies. A ?proxy listener without any would refuse every connection, so it
     * stops the start; a list that no listener uses is worth a warning.
     */
    private static TrustedProxies proxies(Map<Setting, List<String>> values, List<Endpoint> endpoints,
                                          List<String> warnings) {
        TrustedProxies proxies = TrustedProxies.parse(listed(values, Setting.PROXY_FROM));
        for (Endpoint endpoint : endpoints) {
            if (endpoint.proxy() && proxies.isEmpty()) {
                throw new IllegalArgumentException("the " + endpoint.label() + " listener takes the PROXY protocol"
                        + " (?proxy): give --proxy-from with the proxies' addresses");
            }
        }
        boolean used = endpoints.stream().anyMatch(endpoint -> endpoint.proxy() || endpoint.dialect() == Dialect.WEB);
        if (!proxies.isEmpty() && !used) {
            addOnce(warnings, "proxy-from is given, but no listener has ?proxy and there is no web listener:"
                    + " it changes nothing");
        }
        return proxies;
    }

    /** Every value of a repeatable setting; a config file lists several on one line, separated by commas. */
    private static List<String> listed(Map<Setting, List<String>> values, Setting setting) {
        List<String> all = new ArrayList<>();
        for (String given : values.getOrDefault(setting, List.of())) {
            for (String each : given.split(",")) {
                if (!each.isBlank()) {
                    all.add(each.strip());
                }
            }
        }
        return all;
    }

    /** The one server password of every dialect: --password, or the first line of --password-file. */
    private static String password(Map<Setting, List<String>> values, List<String> warnings) {
        String file = last(values, Setting.PASSWORD_FILE);
        if (file.isEmpty()) {
            return last(values, Setting.PASSWORD);
        }
        if (values.containsKey(Setting.PASSWORD)) {
            throw new IllegalArgumentException("give password or password-file, not both");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            bytes = in.readNBytes(MAX_PASSWORD_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read password file " + file + ": " + why(e));
        }
        if (bytes.length > MAX_PASSWORD_FILE_BYTES) {
            throw new IllegalArgumentException("password file " + file + " is over " + MAX_PASSWORD_FILE_BYTES
                    + " bytes: it should hold the password alone, on one line");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String first = text.lines().findFirst().orElse("");
        if (first.isEmpty()) {
            throw new IllegalArgumentException("password file " + file + " has no password on its first line");
        }
        String exposure = SecretFile.exposure(Path.of(file), "password file");
        if (exposure != null) {
            addOnce(warnings, exposure);
        }
        return first;
    }

    /** Why a file could not be read or written, in a few words for a one-line error. */
    static String why(IOException e) {
        return e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied"
                : String.valueOf(e.getMessage());
    }

    private static IrcOptions irc(Map<Setting, List<String>> values, String password, Map<String, PasswordHash> opers) {
        String motdFile = last(values, Setting.MOTD);
        List<String> motd = motdFile.isEmpty() ? List.of() : readMotd(motdFile);
        return new IrcOptions(last(values, Setting.IRC_SERVER_NAME).strip(), last(values, Setting.IRC_SERVER_INFO),
                password, opers, motd,
                Numbers.wholeNumber("irc-ping-interval", last(values, Setting.IRC_PING_INTERVAL), 0, 24 * 3600),
                Numbers.wholeNumber("irc-ping-timeout", last(values, Setting.IRC_PING_TIMEOUT), 1, 24 * 3600),
                Numbers.wholeNumber("irc-register-timeout", last(values, Setting.IRC_REGISTER_TIMEOUT), 0, 24 * 3600));
    }

    /**
     * Reads at most {@link #MAX_MOTD_BYTES} and refuses a longer file: it is read again on every
     * reload, and a file of tens of megabytes once ran the reading thread out of heap.
     */
    private static List<String> readMotd(String name) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(Path.of(name))) {
            bytes = in.readNBytes(MAX_MOTD_BYTES + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read motd file " + name + ": " + why(e));
        }
        if (bytes.length > MAX_MOTD_BYTES) {
            throw new IllegalArgumentException("motd file " + name + " is over " + (MAX_MOTD_BYTES >> 10) + " KiB");
        }
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }

    /**
     * The config file's hashed logins, then those of --irc-oper (which win, as flags do), hashed
     * here so that every OPER is checked the same slow way and no plain password is kept.
     */
    private static Map<String, PasswordHash> opers(List<String> logins, Map<String, PasswordHash> hashed,
                                                   List<String> warnings) {
        Map<String, PasswordHash> opers = new LinkedHashMap<>(hashed);
        if (!logins.isEmpty()) {
            addOnce(warnings, "irc-oper gives an operator's password in plain text; " + HASH_HOW
                    + ", and put it in the config file as oper.NAME = HASH");
        }
        for (String login : logins) {
            int colon = login.indexOf(':');
            if (colon <= 0 || colon == login.length() - 1) {
                // A malformed value may be a password typed alone: it is never repeated, in part or whole.
                throw new IllegalArgumentException("irc-oper must be NAME:PASSWORD (the value given is not shown)");
            }
            opers.put(login.substring(0, colon), PasswordHash.of(login.substring(colon + 1).toCharArray(), RANDOM));
        }
        return opers;
    }

    private static String last(Map<Setting, List<String>> values, Setting setting) {
        List<String> given = values.get(setting);
        return given == null ? setting.defaultValue : given.get(given.size() - 1);
    }
}
