package reactorchat.sim;

import java.io.IOException;
import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One client's TLS, driven on its loop's thread like the rest of the client: ciphertext read from
 * the socket is unwrapped into the loop's buffer and handed on; what the client sends is wrapped
 * into the loop's buffer and given to its {@link Outbox}. What the client sends before the
 * handshake is over waits here. The engine's delegated tasks run at once: they are the client's
 * side of a handshake, paid during the setup, never in the measured window.
 */
final class TlsLink {
    /** What to do with plaintext as it is unwrapped. */
    interface Plaintext {
        void accept(ByteBuffer plain) throws IOException;
    }

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SimClient client;
    private final SimTls shared;
    private final SSLEngine engine;
    /** The start of a record that has not all arrived yet; null when none. */
    private byte[] unfinished;
    /** Plaintext sent before the handshake was over, in write mode; null when none. */
    private ByteBuffer early;
    private boolean handshaken;

    TlsLink(SimClient client, SimTls shared) {
        this.client = client;
        this.shared = shared;
        this.engine = shared.engine();
    }

    /** Sends the ClientHello. */
    void begin() throws IOException {
        engine.beginHandshake();
        drive();
    }

    /** Encrypts and sends, or keeps the bytes until the handshake is over. */
    void send(byte[] bytes, int offset, int length) throws IOException {
        if (!handshaken) {
            if (early == null) {
                early = ByteBuffer.allocate(Math.max(256, length));
            } else if (early.remaining() < length) {
                ByteBuffer bigger = ByteBuffer.allocate((early.position() + length) * 2);
                bigger.put(early.flip());
                early = bigger;
            }
            early.put(bytes, offset, length);
            return;
        }
        ByteBuffer plain = ByteBuffer.wrap(bytes, offset, length);
        while (plain.hasRemaining() && client.state() != SimClient.State.CLOSED) {
            wrap(plain);
        }
    }

    /**
     * Decrypts {@code cipher} (what was just read) after any record begun in an earlier read, and
     * hands each piece of plaintext on.
     *
     * @return false if the server ended TLS (close_notify)
     */
    boolean unwrap(ByteBuffer cipher, Plaintext plaintext) throws IOException {
        ByteBuffer in = cipher;
        if (unfinished != null) {
            in = shared.cipherIn().clear();
            in.put(unfinished).put(cipher).flip();
            unfinished = null;
        }
        while (in.hasRemaining() && client.state() != SimClient.State.CLOSED) {
            ByteBuffer plain = shared.plainIn().clear();
            SSLEngineResult result;
            try {
                result = engine.unwrap(in, plain);
            } catch (SSLHandshakeException e) {
                throw failed(e);
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                return false;
            }
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                break;
            }
            plain.flip();
            if (plain.hasRemaining()) {
                plaintext.accept(plain);
            }
            if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
                finished();
            }
            drive();
        }
        if (in.hasRemaining() && client.state() != SimClient.State.CLOSED) {
            unfinished = new byte[in.remaining()];
            in.get(unfinished);
        }
        return true;
    }

    /** Wraps and runs tasks as long as the handshake asks for it; an unwrap is the next read's. */
    private void drive() throws IOException {
        while (client.state() != SimClient.State.CLOSED) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> wrap(NOTHING);
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** One wrap: one record (or handshake message) out through the outbox. */
    private void wrap(ByteBuffer plain) throws IOException {
        ByteBuffer out = shared.cipherOut().clear();
        SSLEngineResult result;
        try {
            result = engine.wrap(plain, out);
        } catch (SSLHandshakeException e) {
            throw failed(e);
        }
        if (result.getStatus() != SSLEngineResult.Status.OK) {
            throw new SSLException("TLS ended while sending (" + result.getStatus() + ")");
        }
        out.flip();
        client.sendToSocket(out.array(), 0, out.limit());
        if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
            finished();
        }
    }

    /** The handshake's failure in one line, with the certificate's fingerprint when it was not trusted. */
    private SSLException failed(SSLHandshakeException e) {
        return new SSLException(shared.trust().handshakeFailure(e), e);
    }

    private void finished() throws IOException {
        if (handshaken) {
            return;
        }
        handshaken = true;
        if (early != null) {
            ByteBuffer waiting = early.flip();
            early = null;
            send(waiting.array(), 0, waiting.limit());
        }
    }
}
