package reactorchat.reactor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.net.StandardSocketOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A listening socket; its key's handler accepts connections and gives each to the dialect's factory. */
public final class Listener implements IoHandler {
    private static final Logger log = LoggerFactory.getLogger(Listener.class);

    /** Accepts per pass, so that a connect storm cannot starve the connections already open. */
    private static final int ACCEPTS_PER_PASS = 256;
    /** How long accepting pauses when the process is out of file descriptors. */
    static final long FD_EXHAUSTED_PAUSE_MILLIS = 200;

    private final Connections connections;
    private final String name;
    private final ServerSocketChannel server;
    private final ConnectionFactory factory;
    /** Null for a plain listener. */
    private final TlsContext tls;
    private Limits limits;
    private SelectionKey key;
    private long refusedForDescriptors;
    private int openConnections;
    private int reserve;
    /** Whether TLS clients are asked for a certificate (they may offer none). */
    private boolean asksClientCertificates;
    /** The peers that may say where their clients are; none unless the app says so. */
    private TrustedProxies proxies = TrustedProxies.NONE;
    /** How long a connection has to send its PROXY header; 0 if none is asked for. */
    private long proxyHeaderMillis;
    /** Whether a peer was refused for not being a trusted proxy: the first is a warning, the rest are for debugging. */
    private boolean refusedUntrusted;

    Listener(Connections connections, String name, ServerSocketChannel server, ConnectionFactory factory, Limits limits) {
        this(connections, name, server, factory, limits, null);
    }

    Listener(Connections connections, String name, ServerSocketChannel server, ConnectionFactory factory, Limits limits,
             TlsContext tls) {
        this.tls = tls;
        this.connections = connections;
        this.name = name;
        this.server = server;
        this.factory = factory;
        this.limits = limits;
    }

    void register(SelectionKey key) {
        this.key = key;
    }

    /** The dialect name this listener was opened for, e.g. {@code line}. */
    public String name() {
        return name;
    }

    /** What this listener's connections speak TLS with; null if they speak plain TCP. */
    TlsContext tls() {
        return tls;
    }

    /**
     * Asks the TLS clients this listener accepts from now on for a certificate, which they may
     * offer or not; the fingerprint of one offered is {@link Connection#tlsFingerprint}. Only for
     * dialects whose clients are not browsers: a browser would show its user a certificate picker.
     */
    public void askClientCertificates() {
        asksClientCertificates = true;
    }

    boolean asksClientCertificates() {
        return asksClientCertificates;
    }

    /**
     * Takes {@code proxies}, for the connections accepted from now on, as the peers that speak for
     * clients behind them: a PROXY header is taken from them alone, and their connections are
     * counted under their clients' addresses for --max-per-address, not under their own, once
     * given (by the header, or by the dialect through {@link Connection#readdress}).
     */
    public void trustProxies(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    /**
     * Makes every connection accepted from now on begin with a PROXY header (version 1 or 2),
     * whole within {@code timeoutMillis} of the connect, before anything of the client's, its
     * TLS handshake included. A peer not among the {@link #trustProxies trusted proxies} is
     * refused: whatever it would say of its client is not believed, and a client that reaches
     * this listener past the proxy is turned away rather than served under the wrong address.
     */
    public void expectProxyHeaders(long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("a PROXY header's time-out must be positive");
        }
        this.proxyHeaderMillis = timeoutMillis;
    }

    /** How long a connection here has to send its PROXY header; 0 if it sends none. */
    long proxyHeaderMillis() {
        return proxyHeaderMillis;
    }

    /** Limits for the connections accepted from now on; those already open keep theirs. */
    public void setLimits(Limits limits) {
        this.limits = limits;
    }

    /**
     * Lets this listener accept up to {@code connections} more than --max-connections allows all
     * listeners together, so that an operator's health check still reaches a server that is full.
     */
    public void reserve(int connections) {
        this.reserve = connections;
    }

    /** Connections accepted here and not yet closed. */
    public int openConnections() {
        return openConnections;
    }

    void connectionClosed() {
        openConnections--;
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("listener " + name + " is closed", e);
        }
    }

    @Override
    public void handle(int readyOps) {
        for (int i = 0; i < ACCEPTS_PER_PASS && key.isValid(); i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                acceptFailed(e);
                return;
            }
            if (channel == null) {
                break;
            }
            endDescriptorEpisode();
            admit(channel);
        }
    }

    @Override
    public void failed(Throwable cause) {
        log.error("listener {} failed", name, cause);
    }

    void close() {
        if (key != null) {
            key.cancel();
        }
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing listener {}: {}", name, e.toString());
        }
    }

    private void admit(SocketChannel channel) {
        InetAddress peer;
        try {
            peer = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
        } catch (IOException e) {
            closeQuietly(channel); // reset before we got to it
            return;
        }
        boolean fromProxy = proxies.trusts(peer);
        if (proxyHeaderMillis > 0 && !fromProxy) {
            if (!refusedUntrusted) {
                refusedUntrusted = true;
                // Once, not per connection: a misconfigured proxy is seen, a scan fills no log.
                log.warn("{} refused a connection from {}, which is not in --proxy-from (further ones are logged"
                        + " at debug)", name, AddressText.of(peer));
            }
            refuse(channel, "not from a trusted proxy");
            return;
        }
        String refusal = connections.refusal(limits, reserve, peer, !fromProxy);
        if (refusal != null) {
            refuse(channel, refusal);
            return;
        }
        try {
            if (limits.socketSendBuffer() != Limits.UNLIMITED) {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, limits.socketSendBuffer());
            }
            connections.open(this, channel, peer, factory, limits);
            openConnections++;
        } catch (IOException | RuntimeException e) {
            log.warn("could not set up a connection on {}", name, e);
            closeQuietly(channel);
        }
    }

    private void refuse(SocketChannel channel, String reason) {
        log.debug("refused a connection on {}: {}", name, reason);
        connections.loop().stats().refused++;
        if (tls != null) {
            closeQuietly(channel); // a line in clear text would be garbage to a TLS client
            return;
        }
        try {
            channel.configureBlocking(false);
            ByteBuffer line = factory.refusal(reason);
            // A fresh socket's send buffer is empty, so this one small write goes out whole.
            channel.write(line);
        } catch (IOException e) {
            log.debug("refusing {}: {}", name, e.toString());
        }
        closeQuietly(channel);
    }

    private void acceptFailed(IOException e) {
        if (!isOutOfDescriptors(e)) {
            log.warn("accept on {} failed: {}", name, e.toString());
            return;
        }
        // The pending connection stays in the backlog and the key stays ready: without a pause the
        // loop would spin on it. Retry later, when a connection may have closed.
        if (refusedForDescriptors++ == 0) {
            log.warn("out of file descriptors: accepting on {} paused (existing connections go on)", name);
        }
        key.interestOps(0);
        connections.loop().schedule(FD_EXHAUSTED_PAUSE_MILLIS, () -> {
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        });
    }

    private void endDescriptorEpisode() {
        if (refusedForDescriptors > 0) {
            log.warn("accepting on {} again after {} pauses for want of file descriptors", name, refusedForDescriptors);
            refusedForDescriptors = 0;
        }
    }

    private static boolean isOutOfDescriptors(IOException e) {
        // EMFILE and ENFILE both read "Too many open files..."; the JDK gives them no exception type.
        return String.valueOf(e.getMessage()).contains("Too many open files");
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing more can be done for a socket we are discarding.
        }
    }

    static void configure(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }
}
