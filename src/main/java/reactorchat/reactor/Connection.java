package reactorchat.reactor;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted socket and its life cycle: open; closing after flushing; closing; closed. Only the
 * loop thread may call it. It keeps the state and decides each change of it; its parts do the
 * rest: {@link LoopSocket} the socket calls, {@link ProxyHeaderReader} the wait for a PROXY
 * header on a listener that asks for one, {@link TlsTransport} the encryption on a TLS listener's
 * connection, {@link ConnectionOutput} the queue and its rules,
 * {@link ReadGate} the holds on reads, {@link ConnectionTimers} the timers, and
 * {@link GracefulClose} the draining and lingering of a close after flushing.
 *
 * <p>A connection is never closed in the middle of someone else's work: {@link #close} marks it,
 * and the loop closes it once the handler, timer or task running then has returned.
 */
public final class Connection implements IoHandler {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private enum State { OPEN, CLOSING_AFTER_FLUSH, CLOSING, CLOSED }

    private final Connections connections;
    private final Listener listener;
    private final LoopSocket socket;
    private final Limits limits;
    private final ClientMemory.Account memory;
    /** Null on a plain connection. */
    private final TlsTransport tls;
    private final ConnectionOutput output;
    /** Null until the PROXY header is read and the TLS handshake done, if they are awaited, and again once closed. */
    private ConnectionHandler handler;
    /** What makes the handler once the PROXY header is read and the TLS handshake done; null after. */
    private ConnectionFactory factory;
    /** Null unless the PROXY header is still awaited. */
    private ProxyHeaderReader proxyHeader;
    /** The client's address: the socket's peer, or the address a trusted proxy gave for it. */
    private InetAddress peer;
    private State state = State.OPEN;
    private String closeReason;
    /** Null until the first pause or suspension: most connections are never held. */
    private ReadGate reads;
    /** Null without an idle time-out until the dialect asks for a timer. */
    private ConnectionTimers timers;
    /** Null until told to close after flushing. */
    private GracefulClose gracefulClose;
    /** Null unless the dialect frames its output (a WebSocket after its handshake). */
    private MessageFraming framing;
    /** The framed protocol's last frame is queued: nothing may follow it, framed or not. */
    private boolean framingEnded;
    /** Where {@link Connections} keeps this connection in its list. */
    int slot;

    Connection(Connections connections, Listener listener, SocketChannel channel, InetAddress peer, Limits limits) {
        this.connections = connections;
        this.listener = listener;
        this.socket = new LoopSocket(channel, peer);
        this.peer = peer;
        this.limits = limits;
        this.memory = connections.memory().newAccount();
        this.tls = listener.tls() == null ? null
                : new TlsTransport(this, listener.tls(), listener.asksClientCertificates());
        this.output = new ConnectionOutput(this, tls);
    }

    /**
     * Starts serving: a plain connection's dialect is given it at once; a TLS connection's only
     * once its handshake is done, so that a client that never finishes one is no user anywhere.
     * On a listener that asks for the PROXY protocol, either waits for the header first.
     */
    void start(SelectionKey key, ConnectionFactory factory) {
        this.factory = factory;
        start(key, (ConnectionHandler) null);
        if (state != State.OPEN) {
            return;
        }
        if (listener.proxyHeaderMillis() > 0) {
            proxyHeader = new ProxyHeaderReader(this, listener.proxyHeaderMillis());
        } else {
            open();
        }
    }

    /** After the PROXY header, if one was awaited: the dialect gets a plain connection now, a TLS one after its handshake. */
    private void open() {
        if (tls != null) {
            tls.start(listener.tls().handshakeTimeoutSeconds());
            return;
        }
        ConnectionFactory opening = factory;
        factory = null;
        handler = opening.open(this);
    }

    void start(SelectionKey key, ConnectionHandler handler) {
        socket.registered(key);
        this.handler = handler;
        if (limits.idleTimeoutSeconds() > 0 && state == State.OPEN) {
            timers().startIdleCheck(limits.idleTimeoutSeconds());
        }
    }

    /** No byte has come from the peer for the idle time-out. */
    void idle() {
        if (handler == null) {
            close("idle " + opening());
        } else {
            handler.onIdle();
        }
    }

    /**
     * The TLS handshake is done: the dialect gets the connection now, and may greet it. Called
     * again (harmlessly) wherever plaintext could come before the dialect has it.
     */
    void handshakeDone() {
        if (factory == null || state != State.OPEN) {
            return;
        }
        ConnectionFactory opening = factory;
        factory = null;
        handler = opening.open(this);
    }

    /**
     * Queues bytes for the peer: the buffer itself, not a copy, so neither its content nor its
     * position or limit may change afterwards, and one buffer can be sent to many connections.
     *
     * @return false if the bytes were not queued: the connection is closing, or these bytes broke
     *         an {@link OutputLimits output limit} and it is now closing as a slow consumer
     */
    public boolean send(ByteBuffer bytes) {
        if (framingEnded) {
            return false;
        }
        return output.send(framing == null || !takesOutput() ? bytes : framing.frame(bytes));
    }

    /** Queues bytes that are framed already (a WebSocket control frame), past the {@link #frameOutput framing}. */
    public boolean sendFramed(ByteBuffer bytes) {
        return !framingEnded && output.send(bytes);
    }

    /**
     * Queues the framed protocol's last frame (a WebSocket close frame of the dialect's own), in
     * place of the framing's {@link MessageFraming#closing}. Nothing is queued after it, framed or
     * not (RFC 6455 section 5.5.1): what the chat still sends while the output drains is dropped.
     */
    public boolean sendLastFrame(ByteBuffer bytes) {
        boolean queued = sendFramed(bytes);
        framingEnded = true;
        return queued;
    }

    /** Frames everything {@link #send} queues from now on, and sends {@code framing}'s closing frame before a {@link #closeAfterFlush}. */
    public void frameOutput(MessageFraming framing) {
        this.framing = framing;
    }

    /** Whether output is still queued: the connection is open, or draining before a close. */
    boolean takesOutput() {
        return state == State.OPEN || state == State.CLOSING_AFTER_FLUSH && !gracefulClose.isLingering();
    }

    /** Stops reading; the queued output is written (for at most a few seconds), then the socket is closed. */
    public void closeAfterFlush(String reason) {
        if (state != State.OPEN) {
            return;
        }
        if (framing != null && !framingEnded) {
            // Queuing may break an output limit, and then the connection is closing already.
            if (!sendLastFrame(framing.closing()) && state != State.OPEN) {
                return;
            }
        }
        state = State.CLOSING_AFTER_FLUSH;
        closeReason = reason;
        cancelTimers();
        gracefulClose = new GracefulClose(this, socket, reason);
        gracefulClose.start(output.isEmpty());
    }

    /**
     * As {@link #closeAfterFlush}, for a peer the server turns away for good (a wrong password, a
     * kill): a framed connection ends with its framing's {@link MessageFraming#refusing refusal}
     * saying {@code why} rather than its usual closing frame; {@code why} is the close's reason too.
     */
    public void refuseAfterFlush(String why) {
        if (state == State.OPEN && framing != null && !framingEnded) {
            if (!sendLastFrame(framing.refusing(why)) && state != State.OPEN) {
                return;
            }
        }
        closeAfterFlush(why);
    }

    /**
     * Marks the connection to be closed once the handler, timer or task running now returns; its
     * queued output is dropped and its memory given back to the budget at once.
     */
    public void close(String reason) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        state = State.CLOSING;
        closeReason = reason;
        output.drop();
        memory.releaseAll(); // now, so that a budget over its limit sees at once what this close gives back
        connections.markForClose(this);
    }

    /** The holds on this connection's reads: flood control's pauses, back-pressure's suspension. */
    public ReadGate reads() {
        if (reads == null) {
            reads = new ReadGate(this);
        }
        return reads;
    }

    /** Watches the queue against {@code marks}; see {@link ConnectionOutput#watch}. */
    public void watchWaterMarks(WaterMarks marks) {
        output.watch(marks);
    }

    public boolean isWritable() {
        return output.isWritable();
    }

    /** What it has to write, and the rules its queue is held to. */
    ConnectionOutput output() {
        return output;
    }

    /** This connection's timers: the dialect's, and the idle check. */
    public ConnectionTimers timers() {
        if (timers == null) {
            timers = new ConnectionTimers(this);
        }
        return timers;
    }

    /** Whether this connection speaks TLS. */
    public boolean isTls() {
        return tls != null;
    }

    /**
     * The SHA-256 fingerprint of the certificate the client offered in its TLS handshake, in
     * lowercase hex without colons; null if it offered none, was not asked, or speaks plain TCP.
     */
    public String tlsFingerprint() {
        return tls == null ? null : tls.clientFingerprint();
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /**
     * Runs {@code task} on the loop soon, on this connection's behalf: skipped if the connection is
     * no longer open then, and whatever it throws closes this connection alone, as a read's work
     * would. Unlike the rest of this class, any thread may call it: work done off the loop (a
     * password check) hands its answer back this way.
     */
    public void runLater(Runnable task) {
        connections.loop().execute(() -> {
            if (isOpen()) {
                connections.serve(this, task);
            }
        });
    }

    public Limits limits() {
        return limits;
    }

    /** This connection's part of the server's client memory. */
    public ClientMemory.Account memory() {
        return memory;
    }

    /** The address of this end, the one the peer connected to (for a wildcard listener, which of its own); null once closed. */
    public InetAddress localAddress() {
        return socket.local();
    }

    /**
     * The client's address as text ({@link AddressText}), for logs and for what a dialect shows
     * of a user: the socket's peer, or where a trusted proxy said its client is.
     */
    public String peerHost() {
        return AddressText.of(peer);
    }

    /** The client's address, as {@link #peerHost}. */
    public InetAddress peerAddress() {
        return peer;
    }

    /**
     * Takes {@code client} as this connection's address from now on, as a trusted proxy gave it
     * (the dialect checked the trust): it is counted under that address for --max-per-address,
     * and {@link #peerHost} gives it. Before the dialect makes anything of the address (a user).
     *
     * @return null if so; if {@code client} has its --max-per-address connections already, why
     *         not, and the connection keeps its address, for the caller to refuse it
     */
    public String readdress(InetAddress client) {
        String refusal = connections.moveCount(peer, client, limits);
        if (refusal == null) {
            log.debug("{}: a trusted proxy gives its client as {}", socket, AddressText.of(client));
            peer = client;
        }
        return refusal;
    }

    @Override
    public void handle(int readyOps) throws IOException {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if ((readyOps & SelectionKey.OP_READ) == 0) {
            return;
        }
        if (state == State.OPEN && (reads == null || reads.isOpen())) {
            read();
        } else if (state == State.CLOSING_AFTER_FLUSH) {
            gracefulClose.readable(loop().buffers().read());
        }
    }

    @Override
    public void failed(Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("{}: {}", this, cause.toString());
        } else {
            log.warn("closing {} after an error while serving it", this, cause);
        }
        close("error: " + cause.getMessage());
    }

    private void read() throws IOException {
        if (proxyHeader != null) {
            readProxyHeader();
            return;
        }
        ByteBuffer in = loop().buffers().read();
        int n;
        if (tls == null) {
            n = socket.read(in);
            in.flip();
        } else {
            n = tls.read(socket, loop().buffers(), in); // plaintext, flipped; a handshake's read brings none
        }
        if (n < 0) {
            endOfStream();
            return;
        }
        heard(n);
        if (in.hasRemaining() && state == State.OPEN) {
            handshakeDone(); // plaintext after a handshake whose last word was ours, in the same read
            handler.onBytes(in);
        }
        if (tls != null && tls.peerEnded() && state == State.OPEN) {
            endOfStream();
        }
    }

    private void heard(int n) {
        if (n > 0) {
            loop().stats().bytesRead += n;
            if (timers != null) {
                timers.heard();
            }
        }
    }

    /**
     * Reads the PROXY header, then serves what came after it in the same read as any read: it is
     * the client's, plaintext or the start of its TLS handshake.
     */
    private void readProxyHeader() throws IOException {
        ByteBuffer in = loop().buffers().read();
        int n = socket.read(in);
        in.flip();
        if (n < 0) {
            endOfStream();
            return;
        }
        heard(n);
        ProxyHeader.Parsed header = proxyHeader.read(in);
        if (header == null) {
            return;
        }
        proxyHeader = null;
        if (header.client() != null && !takeProxiedAddress(header.client())) {
            return;
        }
        open();
        if (!in.hasRemaining() || state != State.OPEN) {
            return;
        }
        if (tls == null) {
            handler.onBytes(in);
        } else if (tls.readEarly(in)) {
            read(); // no readiness may come for bytes read already: the client waits for our reply
        }
    }

    /** Takes the address a PROXY header gave; false if it is over --max-per-address, and the connection refused. */
    private boolean takeProxiedAddress(InetAddress client) {
        String refusal = readdress(client);
        if (refusal == null) {
            return true;
        }
        loop().stats().refused++;
        if (tls == null) {
            output.send(factory.refusal(refusal));
            closeAfterFlush(refusal);
        } else {
            close(refusal); // a line in clear text would be garbage to a TLS client
        }
        return false;
    }

    /** What a connection without a handler yet waits for, in the reason it closes. */
    private String opening() {
        return proxyHeader != null ? "before its PROXY header" : "during the TLS handshake";
    }

    private void endOfStream() {
        if (handler == null) {
            close("peer closed " + opening());
        } else {
            handler.onEof();
        }
    }

    /** Sends TLS's close_notify, if this is a TLS connection and it can without waiting. */
    void closeNotify() {
        if (tls != null) {
            tls.closeNotify(socket.channel(), loop().buffers());
        }
    }

    /** Writes what the write budget allows; asks for OP_WRITE only if bytes remain. */
    void flush() throws IOException {
        if (output.isEmpty() || state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        boolean writable = output.write();
        if (output.isEmpty() && state == State.CLOSING_AFTER_FLUSH) {
            gracefulClose.drained();
        }
        if (writable && state != State.CLOSING && handler != null) {
            handler.onWritable(); // last: the handler may queue more output here
        }
    }

    /** Closes the socket now and tells the handler; only the loop's close phase calls this. */
    void closeNow() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        listener.connectionClosed();
        cancelTimers();
        log.debug("closing {}: {}", this, closeReason);
        closeNotify();
        socket.close();
        factory = null;
        proxyHeader = null;
        if (handler != null) {
            handler.onClosed(closeReason);
            // The selector keeps this object, as its key's attachment, until its next select: the
            // session (its held input above all) must not stay reachable that long.
            handler = null;
        }
    }

    /** The server is stopping: the handler says goodbye unless it is already on its way out. */
    void shutdown() {
        if (state == State.OPEN && handler == null) {
            close("server shut down " + opening());
        } else if (state == State.OPEN) {
            handler.onShutdown();
        }
    }

    private void cancelTimers() {
        if (timers != null) {
            timers.cancelAll();
        }
        if (gracefulClose != null) {
            gracefulClose.cancel();
        }
        output.cancelSoftLimitCheck();
        if (reads != null) {
            reads.cancel();
        }
    }

    LoopSocket socket() {
        return socket;
    }

    /** The client's address: the socket's peer, or the one a trusted proxy gave. */
    InetAddress peer() {
        return peer;
    }

    EventLoop loop() {
        return connections.loop();
    }

    Connections connections() {
        return connections;
    }

    @Override
    public String toString() {
        return peer.equals(socket.peer()) ? socket.toString() : AddressText.of(peer) + " via " + socket;
    }
}
