package reactorchat.app;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactorchat.chat.Chat;
import reactorchat.chat.HostCloak;
import reactorchat.protocol.PasswordChecks;
import reactorchat.protocol.echo.EchoDialect;
import reactorchat.protocol.frame.FrameDialect;
import reactorchat.protocol.http.HttpDialect;
import reactorchat.protocol.irc.IrcDialect;
import reactorchat.protocol.line.LineDialect;
import reactorchat.protocol.web.WebDialect;
import reactorchat.reactor.ConnectionFactory;
import reactorchat.reactor.EventLoop;
import reactorchat.reactor.Limits;
import reactorchat.reactor.Listener;
import reactorchat.reactor.TlsContext;

/** The daemon: one event loop, one chat, a listener per configured endpoint. */
public final class Server {
    private static final Logger log = LoggerFactory.getLogger(Server.class);

    /** Connections the http listener may take beyond --max-connections: /healthz must see a full server. */
    static final int HTTP_RESERVE = 8;

    /**
     * How long a connection on a ?proxy listener has for its PROXY header: a proxy sends it with
     * the connect, before any byte of its client's, so a second is plenty; a few more for a
     * loaded proxy or a lossy link between the two.
     */
    static final long PROXY_HEADER_TIMEOUT_MILLIS = 5_000;

    /** How long a stopping server waits for goodbyes and queued output to be written. */
    static final long SHUTDOWN_GRACE_MILLIS = 5_000;

    private final EventLoop loop;
    private final PasswordChecks passwordChecks;
    private final Chat chat;
    /** Null when history is kept in memory only (--history-max-bytes 0). */
    private final HistoryJournal journal;
    private final Map<String, InetSocketAddress> addresses;
    private final List<Listener> listeners;
    /** What each listener's dialect takes from a reloaded config. */
    private final List<Consumer<Config>> reloads;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Config config;
    private long startNanos;
    private boolean stopping;

    private Server(EventLoop loop, PasswordChecks passwordChecks, Chat chat, HistoryJournal journal, Config config,
                   List<Listener> listeners,
                   List<Consumer<Config>> reloads, Map<String, InetSocketAddress> addresses) {
        this.loop = loop;
        this.passwordChecks = passwordChecks;
        this.chat = chat;
        this.journal = journal;
        this.config = config;
        this.listeners = listeners;
        this.reloads = reloads;
        this.addresses = addresses;
    }

    /**
     * Opens every listener of {@code config}; nothing is accepted until {@link #run}.
     *
     * @throws BindException naming the endpoint, if one cannot be bound
     * @throws UsageException if the data directory cannot be made or written, or the cloak key read
     */
    public static Server bind(Config config, Clock clock) throws IOException, UsageException {
        DataDirectory.prepare(config.dataDir());
        Path cloakFile = config.cloakSecretFile();
        boolean madeIfMissing = cloakFile.equals(config.dataDir().resolve(CloakKey.DEFAULT_NAME));
        HostCloak cloak = new HostCloak(CloakKey.load(cloakFile, madeIfMissing), config.ipv6PrefixBits());
        String exposure = SecretFile.exposure(cloakFile, "cloak-secret-file");
        if (exposure != null) {
            log.warn(exposure);
        }
        EventLoop loop = new EventLoop();
        loop.connections().groupIpv6By(config.ipv6PrefixBits());
        loop.connections().memory().setLimit(config.limits().maxClientMemory());
        config.warnings().forEach(log::warn);
        Chat chat = new Chat(clock, loop.connections().memory().shared());
        chat.quietJoinsAbove(config.quietJoinsAbove());
        chat.hideAddresses(cloak);
        chat.history().setLimits(config.history().limits());
        HistoryJournal journal = null;
        if (config.history().journalMaxBytes() > 0) {
            journal = HistoryJournal.open(config.dataDir(), config.history(), chat.history()::restore);
            chat.history().journalTo(journal::offer);
        }
        loop.setFlushWindow(config.flushWindowMillis());
        Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
        List<Listener> listeners = new ArrayList<>();
        List<Consumer<Config>> reloads = new ArrayList<>();
        reloads.add(next -> chat.quietJoinsAbove(next.quietJoinsAbove()));
        reloads.add(next -> loop.setFlushWindow(next.flushWindowMillis()));
        reloads.add(next -> chat.history().setLimits(next.history().limits()));
        Metrics metrics = new Metrics(loop, chat, listeners, journal);
        PasswordChecks passwordChecks = new PasswordChecks();
        TlsContext tls = config.tls() == null ? null
                : new TlsContext(config.tls().context(), config.tls().handshakeTimeoutSeconds());
        if (tls != null) {
            reloads.add(next -> reloadTls(tls, next.tls()));
        }
        for (Endpoint endpoint : config.endpoints()) {
            try {
                ConnectionFactory factory = endpoint.dialect().factory(chat, clock, config, metrics::render,
                        passwordChecks);
                reloads.add(reloadOf(factory));
                Listener listener = open(loop, endpoint, factory, config.limits(), endpoint.tls() ? tls : null);
                if (endpoint.dialect() == Dialect.HTTP) {
                    listener.reserve(HTTP_RESERVE);
                }
                if (endpoint.tls() && endpoint.dialect().asksClientCertificates()) {
                    listener.askClientCertificates();
                }
                if (endpoint.proxy()) {
                    listener.expectProxyHeaders(PROXY_HEADER_TIMEOUT_MILLIS);
                }
                if (endpoint.proxy() || endpoint.dialect() == Dialect.WEB) {
                    listener.trustProxies(config.proxies());
                    reloads.add(next -> listener.trustProxies(next.proxies()));
                }
                listeners.add(listener);
                addresses.putIfAbsent(listener.name(), listener.localAddress());
            } catch (IOException e) {
                loop.close();
                passwordChecks.close();
                if (journal != null) {
                    journal.close();
                }
                String where = endpoint.inherited() ? "the inherited socket" : Endpoint.hostPort(endpoint.address());
                BindException failure = new BindException("cannot listen on " + where
                        + " for " + endpoint.label() + ": " + e.getMessage());
                failure.initCause(e);
                throw failure;
            }
        }
        Server server = new Server(loop, passwordChecks, chat, journal, config, listeners, reloads,
                Collections.unmodifiableMap(addresses));
        if (config.statsIntervalSeconds() > 0) {
            server.logStatsEvery(TimeUnit.SECONDS.toMillis(config.statsIntervalSeconds()), metrics);
        }
        return server;
    }

    /**
     * What a reload hands a dialect of the new config: its own options, and the sessions' for chat
     * dialects (input limits among them); the input limits alone for echo and http; the web
     * dialect its own and those of the irc and line sessions its WebSockets open.
     */
    private static Consumer<Config> reloadOf(ConnectionFactory factory) {
        if (factory instanceof IrcDialect irc) {
            return next -> {
                irc.reload(next.irc());
                irc.reload(next.session());
            };
        } else if (factory instanceof FrameDialect frame) {
            return next -> {
                frame.reload(next.frame());
                frame.reload(next.session());
            };
        } else if (factory instanceof LineDialect line) {
            return next -> line.reload(next.session());
        } else if (factory instanceof EchoDialect echo) {
            return next -> echo.reload(next.session().input());
        } else if (factory instanceof HttpDialect http) {
            return next -> http.reload(next.session().input());
        } else if (factory instanceof WebDialect web) {
            return next -> web.reload(next.web(), next.irc(), next.session());
        }
        throw new IllegalArgumentException("no reload for " + factory);
    }

    /**
     * The certificate read again gives new TLS connections theirs; open ones keep the one they
     * began with. A config whose certificate cannot serve was refused before it came here, with
     * one line, and the running certificate stays.
     */
    private static void reloadTls(TlsContext tls, TlsFiles next) {
        if (next == null) {
            log.warn("the reloaded config names no tls-cert and tls-key: the TLS listeners keep the certificate they have");
            return;
        }
        tls.replace(next.context(), next.handshakeTimeoutSeconds());
        log.info("TLS certificate reloaded from {} for new connections", next.certFile());
    }

    private static Listener open(EventLoop loop, Endpoint endpoint, ConnectionFactory factory, Limits limits,
                                 TlsContext tls) throws IOException {
        String name = endpoint.label();
        if (!endpoint.inherited()) {
            return loop.listen(name, endpoint.address(), factory, limits, tls);
        }
        // systemd's StandardInput=socket puts the listening socket on descriptor 0.
        Channel inherited = System.inheritedChannel();
        if (!(inherited instanceof ServerSocketChannel server)) {
            throw new IOException("no listening socket on standard input (start it from a .socket unit"
                    + " with StandardInput=socket)");
        }
        return loop.adopt(name, server, factory, limits, tls);
    }

    /** Called before the loop runs, or on it. */
    private void logStatsEvery(long millis, Metrics metrics) {
        loop.schedule(millis, () -> {
            log.info(metrics.summary());
            logStatsEvery(millis, metrics);
        });
    }

    /** Where the first listener of a dialect is bound; with port 0 in the config, the port it got. */
    public InetSocketAddress address(String dialect) {
        InetSocketAddress address = addresses.get(dialect);
        if (address == null) {
            throw new IllegalArgumentException("no " + dialect + " listener");
        }
        return address;
    }

    /**
     * Serves on the calling thread until a {@link #shutdown} completes.
     *
     * @return false if the loop failed and shut itself down (see {@link EventLoop#run})
     */
    public boolean run() {
        startNanos = System.nanoTime();
        List<String> listening = new ArrayList<>();
        addresses.forEach((name, address) -> listening.add(name + " " + Endpoint.hostPort(address)));
        log.info("reactor-chat {} started (pid {}), listening: {}", Version.get(), ProcessHandle.current().pid(),
                String.join(", ", listening));
        try {
            return loop.run();
        } finally {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
            passwordChecks.close();
            if (journal != null) {
                journal.close(); // after the loop: no line is said any more
            }
            log.info("reactor-chat stopped after {} s: {} connections served", seconds, loop.stats().accepted());
            stopped.countDown();
        }
    }

    /**
     * Stops gracefully: no more accepts, everyone is told, output is flushed for at most
     * {@value #SHUTDOWN_GRACE_MILLIS} ms. Safe to call from any thread, more than once.
     */
    public void shutdown() {
        loop.execute(() -> {
            if (stopping) {
                return;
            }
            stopping = true;
            log.info("shutting down: {} connections open", loop.connectionCount());
            // Sessions first hand on what they hold (lines a flood pause held back), which the
            // chat still delivers; the quits that follow as they close are not told to anyone.
            loop.shutdown(SHUTDOWN_GRACE_MILLIS);
            chat.silence();
        });
    }

    /** Reads the config again, off the loop, as a {@link ConfigSource} does it. */
    public interface ConfigSource {
        Config read() throws UsageException;
    }

    /**
     * Re-reads the config (SIGHUP) and applies what can change while running: the log level, the
     * limits of connections made from now on, the irc options (MOTD, password, operators,
     * pings) and the frame options (--max-frame for new connections, --max-file for new offers).
     * Changed listeners need a restart and are reported. A config that does not parse is refused
     * with a log line, and the running one stays. Safe to call from any thread.
     */
    public void reload(ConfigSource source) {
        Config next;
        try {
            next = source.read();
        } catch (UsageException e) {
            log.error("config reload refused, the running config stays: {}", e.getMessage());
            return;
        }
        loop.execute(() -> apply(next));
    }

    private void apply(Config next) {
        GatedConsoleWriter.setLevel(next.logLevel());
        next.warnings().forEach(log::warn);
        loop.connections().memory().setLimit(next.limits().maxClientMemory());
        for (Listener listener : listeners) {
            listener.setLimits(next.limits());
        }
        reloads.forEach(reload -> reload.accept(next));
        if (!next.dataDir().equals(config.dataDir()) || !next.cloakSecretFile().equals(config.cloakSecretFile())
                || next.ipv6PrefixBits() != config.ipv6PrefixBits()) {
            log.warn("data-dir, cloak-secret-file or ipv6-prefix changed in the config: they take a restart");
        }
        if (!next.endpoints().equals(config.endpoints())) {
            log.warn("listeners changed in the config ({} now, {} running): they take a restart",
                    next.endpoints(), config.endpoints());
        }
        config = next;
        log.info("config reloaded: log level {}, limits and dialect options for new connections", next.logLevel());
    }

    /** Waits for {@link #run} to return; for callers on other threads. */
    public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }
}
