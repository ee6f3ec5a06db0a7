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

    /**
     * How long a pass may have worked before handshakes' delegated tasks wait for the next one.
     * Those tasks (the key agreement and the signature) were measured at about 2 ms of CPU for
     * ECDSA P-256 and 5 ms for RSA-2048 each (docs/benchmarks.md): a storm of a few hundred
     * handshakes run in one pass would hold every chatter's line for a second.
     */
    static final long TASK_PASS_BUDGET_NANOS = 5_000_000;

    private SSLContext context;
    private int handshakeTimeoutSeconds;
    /** The pass (by its start) that last ran handshake tasks, and how many handshakes' tasks it ran. */
    private long taskPass;
    private int tasksThisPass;

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

    /**
     * Whether a handshake's delegated tasks may run in this pass: the first handshake of every
     * pass may, so that handshakes always progress; more only while the pass is within
     * {@link #TASK_PASS_BUDGET_NANOS}. If not, they run in a later pass.
     */
    boolean mayRunTasks(EventLoop loop) {
        long pass = loop.passStartNanos();
        if (pass != taskPass) {
            taskPass = pass;
            tasksThisPass = 0;
        }
        return tasksThisPass == 0 || System.nanoTime() - pass < TASK_PASS_BUDGET_NANOS;
    }

    /** A handshake's delegated tasks ran in this pass. */
    void ranTasks() {
        tasksThisPass++;
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
