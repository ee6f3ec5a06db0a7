package reactorchat.reactor;

import java.util.ArrayDeque;
import java.util.Queue;

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

    private final long taskPassBudgetNanos;
    private SSLContext context;
    private int handshakeTimeoutSeconds;
    /** The pass (by its start) that last ran handshake tasks, and how many handshakes' tasks it ran. */
    private long taskPass;
    private int tasksThisPass;
    /**
     * Handshakes whose tasks were put off, in the order they came: each goes on, from the front,
     * as later passes' budgets allow. As many as connections in a handshake at most.
     */
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    /** Set while {@link #waiting} is not empty: takes the next ones from its front. */
    private Timer nextWaiting;

    /** @param handshakeTimeoutSeconds how long a handshake may take before the connection is cut (0: no limit) */
    public TlsContext(SSLContext context, int handshakeTimeoutSeconds) {
        this(context, handshakeTimeoutSeconds, TASK_PASS_BUDGET_NANOS);
    }

    /** With a pass's budget for handshake tasks other than {@link #TASK_PASS_BUDGET_NANOS}. */
    TlsContext(SSLContext context, int handshakeTimeoutSeconds, long taskPassBudgetNanos) {
        this.taskPassBudgetNanos = taskPassBudgetNanos;
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
     * Whether a handshake's delegated tasks may run now: never while others wait in line, which
     * would otherwise lose every pass's first turn to newcomers; else as {@link #withinBudget}.
     * If not, the handshake is {@link #putOff put off}.
     */
    boolean mayRunTasks(EventLoop loop) {
        return waiting.isEmpty() && withinBudget(loop);
    }

    /**
     * Whether this pass may run one more handshake's tasks: the first handshake of every pass may,
     * so that handshakes always progress; more only while the pass is within its budget.
     */
    private boolean withinBudget(EventLoop loop) {
        long pass = loop.passStartNanos();
        if (pass != taskPass) {
            taskPass = pass;
            tasksThisPass = 0;
        }
        return tasksThisPass == 0 || System.nanoTime() - pass < taskPassBudgetNanos;
    }

    /** A handshake's delegated tasks ran in this pass. */
    void ranTasks() {
        tasksThisPass++;
    }

    /**
     * Puts a handshake behind those waiting already: {@code resume} runs in a later pass, when
     * those before it have and the pass's budget allows. It runs even if its connection has closed
     * meanwhile, and must then do nothing.
     */
    void putOff(EventLoop loop, Runnable resume) {
        waiting.add(resume);
        if (nextWaiting == null) {
            // 1 ms, not 0: a timer due now would run in this very pass.
            nextWaiting = loop.schedule(1, () -> runWaiting(loop));
        }
    }

    private void runWaiting(EventLoop loop) {
        nextWaiting = null;
        while (!waiting.isEmpty() && withinBudget(loop)) {
            waiting.remove().run();
        }
        if (!waiting.isEmpty() && nextWaiting == null) { // one put off again as it ran may have set it
            nextWaiting = loop.schedule(1, () -> runWaiting(loop));
        }
    }

    int handshakeTimeoutSeconds() {
        return handshakeTimeoutSeconds;
    }

    /**
     * A server-side engine with its handshake begun: it waits for the client's hello. With
     * {@code askClientCertificate} the client is asked for a certificate, and may offer none; what
     * a certificate offered is checked against is the context's trust manager.
     */
    SSLEngine newEngine(boolean askClientCertificate) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setUseCipherSuitesOrder(true);
        parameters.setWantClientAuth(askClientCertificate);
        engine.setSSLParameters(parameters);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot begin a TLS handshake: " + e.getMessage(), e);
        }
        return engine;
    }
}
