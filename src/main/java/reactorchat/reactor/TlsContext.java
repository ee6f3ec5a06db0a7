package reactorchat.reactor;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * What a TLS listener's connections are made with: the server's certificate and key (as an
 * {@link SSLContext}), the protocols allowed and how long a handshake may take. One is shared by
 * every TLS listener; a reload replaces its context, and only connections accepted afterwards
 * see the new certificate. Loop thread only.
 */
public final class TlsContext {
    /** TLS 1.2 and 1.3 only: everything older is deprecated (RFC 8996), and a 1.1 hello is refused. */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /**
     * Sessions the server remembers for resumption. The JDK keeps 20,480 for a day by default,
     * outside any budget of ours; a handshake storm must not leave that much behind.
     */
    private static final int SESSION_CACHE_SIZE = 1024;
    private static final int SESSION_TIMEOUT_SECONDS = 3600;

    private SSLContext context;
    private int handshakeTimeoutSeconds;

    /** @param handshakeTimeoutSeconds how long a handshake may take before the connection is cut (0: no limit) */
    public TlsContext(SSLContext context, int handshakeTimeoutSeconds) {
        replace(context, handshakeTimeoutSeconds);
    }

    /** The certificate (and time-out) for connections accepted from now on; open ones keep theirs. */
    public void replace(SSLContext context, int handshakeTimeoutSeconds) {
        if (handshakeTimeoutSeconds < 0) {
            throw new IllegalArgumentException("tls-handshake-timeout must be 0 (no limit) or more");
        }
        context.getServerSessionContext().setSessionCacheSize(SESSION_CACHE_SIZE);
        context.getServerSessionContext().setSessionTimeout(SESSION_TIMEOUT_SECONDS);
        this.context = context;
        this.handshakeTimeoutSeconds = handshakeTimeoutSeconds;
    }

    int handshakeTimeoutSeconds() {
        return handshakeTimeoutSeconds;
    }

    /** A server-side engine with its handshake begun: it waits for the client's hello. */
    SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setUseCipherSuitesOrder(true);
        engine.setSSLParameters(parameters);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot begin a TLS handshake: " + e.getMessage(), e);
        }
        return engine;
    }
}
