package reactorchat.sim;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;

import reactorchat.client.ClientTls;

/**
 * One client loop's TLS: how its clients trust the server, and the buffers every one of its
 * connections encrypts into and decrypts into in turn. A connection holds only its engine, and
 * bytes of its own only while a record is unfinished, so a thousand TLS clients cost the
 * simulator about what the engines do.
 */
final class SimTls {
    private final ClientTls trust;
    private final InetSocketAddress target;
    /** A connection's unfinished record followed by a read's worth of ciphertext. */
    private final ByteBuffer cipherIn;
    /** What one unwrap yields: at most one record's plaintext. */
    private final ByteBuffer plainIn;
    /** What one wrap yields: at most one record. */
    private final ByteBuffer cipherOut;

    /** @param readSize how many bytes the loop reads from a socket at once */
    SimTls(ClientTls trust, InetSocketAddress target, int readSize) {
        this.trust = trust;
        this.target = target;
        SSLEngine sample = engine();
        int record = sample.getSession().getPacketBufferSize();
        this.cipherIn = ByteBuffer.allocate(readSize + record);
        this.plainIn = ByteBuffer.allocate(sample.getSession().getApplicationBufferSize());
        this.cipherOut = ByteBuffer.allocate(record);
    }

    /** A client engine for the target, checking its certificate unless the run is --insecure. */
    SSLEngine engine() {
        return trust.engine(target.getHostString(), target.getPort());
    }

    ClientTls trust() {
        return trust;
    }

    ByteBuffer cipherIn() {
        return cipherIn;
    }

    ByteBuffer plainIn() {
        return plainIn;
    }

    ByteBuffer cipherOut() {
        return cipherOut;
    }
}
