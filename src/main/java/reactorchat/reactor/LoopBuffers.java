package reactorchat.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;

/**
 * The buffers a loop lends to each connection in turn, so that no connection keeps one of its
 * own: one to read into, one that a connection's queued output is copied into for a write, and
 * TLS connections' network buffers.
 */
final class LoopBuffers {
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    /** The most one connection writes in one pass, so that one fast reader cannot starve the rest. */
    static final int WRITE_BUDGET = 64 * 1024;
    /** The most one TLS record can take on the wire (the JDK's packet buffer size is a little under this). */
    private static final int TLS_RECORD_BYTES = 18 * 1024;

    private final ByteBuffer read = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private final ByteBuffer staging = ByteBuffer.allocateDirect(WRITE_BUDGET);
    /** Made when the first TLS connection needs them: a server without TLS listeners has none. */
    private ByteBuffer tlsIn;
    private ByteBuffer tlsOut;

    LoopBuffers() throws IOException {
        loadFileDispatcher();
    }

    /**
     * The JDK loads its file dispatcher on the first write to a socket, and its class initializer
     * opens a socket pair. Should that first happen when the process is out of descriptors, the
     * class fails to initialize and every later write fails with it: the loop would be
     * dead for good. A pipe's sink needs the same class, so writing to one now loads it while
     * descriptors are to be had.
     */
    private static void loadFileDispatcher() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            pipe.sink().write(ByteBuffer.allocate(1));
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    ByteBuffer read() {
        return read;
    }

    /** Ciphertext read, for the read's length only: as long as the read buffer, whose plaintext it becomes. */
    ByteBuffer tlsIn() {
        if (tlsIn == null) {
            tlsIn = ByteBuffer.allocate(READ_BUFFER_BYTES);
        }
        return tlsIn;
    }

    /** Ciphertext to write, one record at a time, for that record's write only. */
    ByteBuffer tlsOut() {
        if (tlsOut == null) {
            tlsOut = ByteBuffer.allocate(TLS_RECORD_BYTES);
        }
        return tlsOut;
    }

    /** A direct buffer, so that the JDK hands it to the kernel without a copy of its own. */
    ByteBuffer staging() {
        return staging;
    }
}
