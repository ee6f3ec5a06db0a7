package reactorchat.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TLS connection's {@link SSLEngine}, driven on the loop thread: what is read is decrypted
 * into the loop's read buffer, so its dialect sees plaintext as on a plain connection, and its
 * plaintext queue, shared buffers and all, is encrypted as it is written.
 *
 * <p>An idle TLS connection holds no network buffer: it decrypts from, and encrypts into, buffers
 * the loop lends ({@link LoopBuffers#tlsIn}, {@link LoopBuffers#tlsOut}), and keeps only what
 * cannot wait there: the start of a record whose rest has not come (charged to its memory
 * account) and ciphertext the kernel did not take (counted as output, against the output limits
 * and the client memory budget like the plaintext queued).
 *
 * <p>The handshake's delegated tasks (the key agreement and the signature) run here on the loop,
 * within a per-pass budget ({@link TlsContext#mayRunTasks}): a handshake over it waits for a later
 * pass, so that a storm of handshakes is spread over passes that serve everyone else in between.
 * The server is meant for one core (the unit's flags), where a worker pool would take the same
 * CPU from the same core, and add a hand-off and a wake-up per handshake.
 */
final class TlsTransport {
    private static final Logger log = LoggerFactory.getLogger(TlsTransport.class);
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    /** TLS 1.3 KeyUpdates a peer may ask for in {@link #KEY_UPDATE_WINDOW_NANOS}: a few, since each is answered. */
    private static final int MAX_KEY_UPDATES = 8;
    private static final long KEY_UPDATE_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Connection connection;
    private final TlsContext context;
    private final SSLEngine engine;
    /** The start of a record whose rest has not arrived; null while there is none. */
    private ByteBuffer partialRecord;
    /** Ciphertext the kernel has not taken yet; null while there is none. */
    private ByteBuffer unsent;
    private boolean handshaken;
    /** Whether close_notify was sent, or can no longer be: the stream lost ciphertext it was owed. */
    private boolean ended;
    /** The peer sent close_notify: nothing more will come. */
    private boolean peerEnded;
    private Timer handshakeDeadline;
    /** Set while delegated tasks wait for a later pass, in {@link TlsContext#putOff its line}. */
    private boolean tasksPutOff;
    /** The peer's KeyUpdates in the window that began at {@link #keyUpdatesSince} (System.nanoTime). */
    private int keyUpdates;
    private long keyUpdatesSince;

    /** The SHA-256 of the client's certificate, in hex; null while there is none. */
    private String clientFingerprint;

    TlsTransport(Connection connection, TlsContext context, boolean askClientCertificate) {
        this.connection = connection;
        this.context = context;
        this.engine = context.newEngine(askClientCertificate);
    }

    /** Starts the handshake's clock. */
    void start(int timeoutSeconds) {
        if (timeoutSeconds > 0) {
            handshakeDeadline = connection.loop().schedule(TimeUnit.SECONDS.toMillis(timeoutSeconds),
                    () -> connection.close("TLS handshake not done in " + timeoutSeconds + " s"));
        }
    }

    /**
     * Reads what has arrived and decrypts it into {@code plain}, which is cleared first and
     * flipped after; sends the handshake's replies on the way.
     *
     * @return the bytes read from the socket, or -1 at its end of stream
     */
    int read(LoopSocket socket, LoopBuffers buffers, ByteBuffer plain) throws IOException {
        ByteBuffer net = buffers.tlsIn();
        net.clear();
        if (partialRecord != null) {
            net.put(partialRecord);
            connection.memory().release(partialRecord.capacity());
            partialRecord = null;
        }
        // No more ciphertext than the read buffer holds, so that its plaintext always fits there
        // and a read is always handed over whole: bytes left undecrypted here would wait for the
        // socket's next readiness, which a paused reader might never get.
        net.limit(Math.min(net.capacity(), plain.capacity()));
        if (!handshaken) {
            // A handshake reads one record at a time: what a client sends beyond its hello is no
            // handshake, and stays in the kernel rather than in a buffer of ours while its
            // tasks wait for a later pass.
            net.limit(Math.max(net.position(), Math.min(net.limit(), engine.getSession().getPacketBufferSize())));
        }
        int n = socket.readMore(net);
        net.flip();
        plain.clear();
        if (n >= 0) {
            try {
                unwrap(net, plain);
            } catch (SSLException e) {
                sendAlert();
                throw e;
            }
        }
        plain.flip();
        if (net.hasRemaining() && !peerEnded && n >= 0 && connection.isOpen()) {
            keepPartialRecord(net);
        }
        return n;
    }

    private void unwrap(ByteBuffer net, ByteBuffer plain) throws IOException {
        boolean replyDue = false;
        while (net.hasRemaining() && connection.isOpen()) {
            SSLEngineResult result = engine.unwrap(net, plain);
            if (handshaken && isHandshakeMessage(result) && !postHandshakeAllowed()) {
                return;
            }
            boolean finished = stepped(result);
            switch (result.getStatus()) {
                case CLOSED -> {
                    peerEnded = true;
                    if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        connection.flush(); // the engine answers close_notify with its own
                    }
                    return;
                }
                case BUFFER_UNDERFLOW -> {
                    if (replyDue) {
                        connection.flush();
                    }
                    return;
                }
                case BUFFER_OVERFLOW -> throw new SSLException("a record's plaintext does not fit the read buffer");
                default -> {
                }
            }
            if (finished) {
                connection.handshakeDone();
            }
            replyDue |= finished || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
            if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                // The engine reads no more until its reply is out: send it now, and go on if it went.
                if (!replyDue || !connection.isOpen()) {
                    return;
                }
                connection.flush();
                replyDue = false;
                if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    return; // it did not: keep the rest for the next read rather than spin
                }
            }
        }
        if (replyDue && connection.isOpen()) {
            connection.flush(); // the handshake's reply, or the dialect's greeting: one write for the whole read
        }
    }

    /**
     * Whether {@code result} read a record that brought no plaintext and left the engine in a
     * handshake: after the first handshake, a new ClientHello (TLS 1.2) or a KeyUpdate (TLS 1.3).
     * Every such record counts, even while the reply to the last one waits to go out, since the
     * engine reads on meanwhile.
     */
    private static boolean isHandshakeMessage(SSLEngineResult result) {
        HandshakeStatus status = result.getHandshakeStatus();
        return result.bytesConsumed() > 0 && result.bytesProduced() == 0
                && status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
    }

    /**
     * The peer began a handshake on an established connection. TLS 1.2 renegotiation is refused:
     * a client asking for one again and again would have the server sign each time. A TLS 1.3
     * KeyUpdate costs little, but is answered: a few a minute are allowed, not a flood.
     *
     * @return false if the connection is closing for it
     */
    private boolean postHandshakeAllowed() {
        if (!"TLSv1.3".equals(engine.getSession().getProtocol())) {
            connection.close("TLS renegotiation refused");
            return false;
        }
        long now = System.nanoTime();
        if (keyUpdates == 0 || now - keyUpdatesSince > KEY_UPDATE_WINDOW_NANOS) {
            keyUpdatesSince = now;
            keyUpdates = 0;
        }
        if (++keyUpdates > MAX_KEY_UPDATES) {
            connection.close("TLS key updates over " + MAX_KEY_UPDATES + " a minute");
            return false;
        }
        return true;
    }

    /**
     * After a failed unwrap (garbage, a protocol we refuse) the engine has an alert to send that
     * tells the peer why: it goes if the kernel takes it at once, before the connection closes.
     */
    private void sendAlert() {
        try {
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                connection.flush();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("{}: TLS alert not sent: {}", connection, e.toString());
        }
    }

    /**
     * Keeps ciphertext that came before this transport read any, behind a PROXY header in the
     * same read, to be decrypted with what the next {@link #read} brings.
     *
     * @return false if there was no memory for it, and the connection is closing
     */
    boolean readEarly(ByteBuffer ciphertext) {
        keepPartialRecord(ciphertext);
        return partialRecord != null;
    }

    private void keepPartialRecord(ByteBuffer net) {
        int size = net.remaining();
        if (!connection.memory().tryCharge(size)) {
            connection.close("client memory full");
            return;
        }
        partialRecord = ByteBuffer.allocate(size).put(net).flip();
    }

    /** Whether the peer has ended its stream with close_notify. */
    boolean peerEnded() {
        return peerEnded;
    }

    /**
     * Writes what the kernel did not take last time, then encrypts and writes, one record at a
     * time: handshake messages as the engine asks, and, once the handshake is done, the queue's
     * plaintext, about {@code budget} bytes of it at most. It stops at the first record the kernel
     * does not take whole, so that what is kept unsent is one record at most.
     *
     * @return the bytes the kernel took
     */
    long write(SocketChannel channel, OutboundBuffer queue, LoopBuffers buffers, int budget) throws IOException {
        long written = 0;
        if (unsent != null) {
            written += channel.write(unsent);
            if (unsent.hasRemaining()) {
                return written;
            }
            dropUnsent();
        }
        ByteBuffer net = buffers.tlsOut();
        while (written < budget) {
            HandshakeStatus status = engine.getHandshakeStatus();
            SSLEngineResult result;
            net.clear();
            if (status == HandshakeStatus.NEED_TASK) {
                if (!runTasks()) {
                    break;
                }
                continue;
            } else if (status == HandshakeStatus.NEED_WRAP) {
                result = engine.wrap(NOTHING, net);
            } else if (handshaken && !queue.isEmpty() && !engine.isOutboundDone()) {
                result = queue.wrapInto(engine, net, buffers.staging());
            } else {
                break;
            }
            if (stepped(result)) {
                // Our message ended it (TLS 1.2): the dialect is given the connection after this
                // write, not inside it, since it may queue output.
                connection.loop().schedule(0, () -> connection.connections().serve(connection, connection::handshakeDone));
            }
            net.flip();
            if (net.hasRemaining()) {
                written += channel.write(net);
                if (net.hasRemaining()) {
                    keepUnsent(net);
                    break;
                }
            }
            if (result.getStatus() != SSLEngineResult.Status.OK
                    || result.bytesProduced() == 0 && result.bytesConsumed() == 0) {
                break;
            }
        }
        return written;
    }

    /** Follows the handshake through one result; true if it finished with this one. */
    private boolean stepped(SSLEngineResult result) {
        HandshakeStatus status = result.getHandshakeStatus();
        if (status == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        if (status != HandshakeStatus.FINISHED || handshaken) {
            return false;
        }
        handshaken = true;
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel();
            handshakeDeadline = null;
        }
        clientFingerprint = fingerprint(engine.getSession());
        log.debug("{}: TLS handshake done, {} {}{}", connection, engine.getSession().getProtocol(),
                engine.getSession().getCipherSuite(), clientFingerprint == null ? "" : ", client certificate "
                + clientFingerprint);
        return true;
    }

    /** The SHA-256 of the peer's own certificate (the first of its chain) in lowercase hex; null without one. */
    private static String fingerprint(SSLSession session) {
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null; // not asked, or it offered none
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a client certificate: " + e.getMessage(), e);
        }
    }

    String clientFingerprint() {
        return clientFingerprint;
    }

    /** Runs the engine's delegated tasks if this pass's budget allows; false if they wait for a later pass. */
    private boolean runTasks() {
        if (tasksPutOff) {
            return false;
        }
        if (!context.mayRunTasks(connection.loop())) {
            tasksPutOff = true;
            context.putOff(connection.loop(), () -> connection.connections().serve(connection, this::resume));
            // Until then the engine reads nothing: the peer's bytes wait in the kernel, and the
            // loop does not wake for them pass after pass.
            connection.socket().readInterest(false);
            return false;
        }
        runDelegatedTasks();
        return true;
    }

    private void runDelegatedTasks() {
        context.ranTasks();
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /**
     * Goes on with a handshake whose tasks were put off, now that its turn has come: runs them,
     * reads again, sends what they let the engine say, and decrypts what was read before and kept.
     */
    private void resume() {
        tasksPutOff = false;
        if (!connection.isOpen()) {
            return;
        }
        runDelegatedTasks();
        if (!connection.socket().peerClosed()) {
            connection.socket().readInterest(true);
        }
        try {
            connection.flush();
            if (partialRecord != null && connection.isOpen()) {
                connection.handle(SelectionKey.OP_READ); // no readiness may come: the peer waits for our reply
            }
        } catch (IOException e) {
            connection.failed(e);
        }
    }

    /**
     * Keeps the rest of a record the kernel did not take. Like queued output it is not refused:
     * if the budget is full, room is made first, by cutting whoever holds more than a fair part
     * of it, this connection too.
     */
    private void keepUnsent(ByteBuffer net) {
        long cost = net.remaining() + ClientMemory.BUFFER_OVERHEAD;
        ClientMemory memory = connection.connections().memory();
        if (!memory.fits(cost)) {
            memory.makeRoom(cost);
            if (!connection.takesOutput()) {
                ended = true; // cut to make room: the record's start went out, its rest never will
                return;
            }
        }
        memory.chargeOutput(cost);
        unsent = ByteBuffer.allocate(net.remaining()).put(net).flip();
    }

    private void dropUnsent() {
        connection.connections().memory().releaseOutput(unsent.capacity() + ClientMemory.BUFFER_OVERHEAD);
        unsent = null;
    }

    /** What the ciphertext not yet sent costs, as output. */
    long unsentCost() {
        return unsent == null ? 0 : unsent.remaining() + ClientMemory.BUFFER_OVERHEAD;
    }

    /** Whether anything waits to go out besides the plaintext queue: ciphertext, or a handshake message. */
    boolean hasOutput() {
        return unsent != null || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
    }

    /**
     * Whether nothing more can be encrypted: close_notify is sent, e.g. in answer to the peer's
     * on TLS 1.2, or the handshake failed. Only ciphertext already made may still go.
     */
    boolean isOutboundDone() {
        return engine.isOutboundDone() && unsent == null;
    }

    /**
     * Whether a write is held up by the socket (or by the write budget), not by the handshake's
     * tasks or the handshake itself: the loop should wait for it to be writable. A handshake
     * message the engine still has to say counts: a long certificate chain may not fit one write.
     */
    boolean waitsForSocket(OutboundBuffer queue) {
        return hasOutput() || handshaken && !queue.isEmpty();
    }

    /**
     * Sends close_notify if the stream is whole and the kernel takes it at once; never waits.
     * Whatever happens, it is tried only once.
     */
    void closeNotify(SocketChannel channel, LoopBuffers buffers) {
        if (ended) {
            return;
        }
        ended = true;
        if (!handshaken || unsent != null) {
            return;
        }
        engine.closeOutbound();
        ByteBuffer net = buffers.tlsOut();
        net.clear();
        try {
            engine.wrap(NOTHING, net);
            net.flip();
            channel.write(net);
        } catch (IOException e) {
            log.debug("{}: close_notify not sent: {}", connection, e.toString());
        }
    }

    /**
     * The connection is closing: what is kept goes, and a stream that lost ciphertext, or
     * plaintext queued for it ({@code plaintextLost}), gets no close_notify: the peer must not
     * take a cut stream for a whole one.
     */
    void drop(boolean plaintextLost) {
        if (plaintextLost) {
            ended = true;
        }
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel();
            handshakeDeadline = null;
        }
        if (unsent != null) {
            ended = true;
            dropUnsent();
        }
        partialRecord = null; // its charge goes back with the connection's whole account
    }
}
