package reactorchat.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import reactorchat.codec.LineDecoder;

/**
 * One connection of an attack run: non-blocking, it reads everything the server sends (as lines
 * for its {@link Handler}, or discarded for a binary dialect) so that no attacker is cut for not
 * reading, and writes whatever it is given, queueing what the socket does not take.
 */
final class AttackConn implements LineDecoder.Sink {
    /** What the owner of a connection hears about it. */
    interface Handler {
        void connected(AttackConn conn);

        /** The first bytes from the server arrived: it accepted and served this connection. */
        default void greeted(AttackConn conn) {
        }

        /** A line from the server; the slice is valid only during the call. */
        default void line(AttackConn conn, byte[] bytes, int offset, int length) {
        }

        /** The server closed it, or it failed; not called when the owner closes it. */
        void lost(AttackConn conn, String reason);
    }

    /** Longer than any line the server sends; longer ones are skipped, not an error here. */
    private static final int MAX_LINE = 64 * 1024;
    private static final int READS_PER_EVENT = 4;

    final int id;
    private final Handler handler;
    private final SocketChannel channel;
    private final LineDecoder decoder;
    private final ByteBuffer readBuffer;
    private final Outbox outbox;
    private SelectionKey key;
    private boolean connecting = true;
    private boolean greeted;
    private boolean closed;
    private long readNanos;
    /** The last error line the server sent, to explain a cut. */
    private String lastError;

    private AttackConn(int id, Handler handler, SocketChannel channel, boolean lines, ByteBuffer readBuffer) {
        this.id = id;
        this.readBuffer = readBuffer;
        this.handler = handler;
        this.channel = channel;
        this.outbox = new Outbox(channel);
        this.decoder = lines ? new LineDecoder(MAX_LINE) : null;
    }

    /**
     * Starts connecting; a failure is reported to the handler at once.
     *
     * @param lines      whether the server's output is split into lines for the handler
     * @param readBuffer the loop's one buffer for every read
     * @throws IOException if the OS would not open another socket
     */
    static AttackConn open(int id, Selector selector, ByteBuffer readBuffer, InetSocketAddress target, boolean lines,
                           Handler handler) throws IOException {
        SocketChannel channel = SocketChannel.open();
        AttackConn conn = new AttackConn(id, handler, channel, lines, readBuffer);
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean done = channel.connect(target);
            conn.key = channel.register(selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, conn);
            if (done) {
                conn.connecting = false;
                handler.connected(conn);
            }
        } catch (IOException e) {
            conn.lose("connect failed: " + message(e));
        }
        return conn;
    }

    boolean isOpen() {
        return !closed;
    }

    boolean greeted() {
        return greeted;
    }

    /** When the read that brought the current line happened. */
    long readNanos() {
        return readNanos;
    }

    String lastError() {
        return lastError;
    }

    void handle(int readyOps) {
        try {
            if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
                channel.finishConnect();
                connecting = false;
                key.interestOps(SelectionKey.OP_READ);
                handler.connected(this);
            }
            if (!closed && (readyOps & SelectionKey.OP_WRITE) != 0) {
                outbox.flush(key);
            }
            if (!closed && (readyOps & SelectionKey.OP_READ) != 0) {
                read();
            }
        } catch (IOException e) {
            lose(connecting ? "connect failed: " + message(e) : message(e));
        }
    }

    void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes now if nothing is waiting; what the socket does not take waits for OP_WRITE. */
    void send(byte[] bytes) {
        if (closed) {
            return;
        }
        try {
            outbox.send(key, bytes, 0, bytes.length);
        } catch (IOException e) {
            lose(message(e));
        }
    }

    /** Bytes given to {@link #send} that the socket has not taken yet. */
    int unsent() {
        return outbox.unsent();
    }

    /** Closes it without telling the handler: the owner is done with it. */
    void close() {
        if (!closed) {
            closed = true;
            try {
                channel.close();
            } catch (IOException e) {
                // a socket we are done with: nothing left to report
            }
        }
    }

    @Override
    public void line(byte[] bytes, int offset, int length) {
        if (length > 2 && (bytes[offset] == '!' || startsWithError(bytes, offset, length))) {
            lastError = new String(bytes, offset, Math.min(length, 200), StandardCharsets.UTF_8);
        }
        handler.line(this, bytes, offset, length);
    }

    @Override
    public void lineTooLong(int maxLength) {
        // nothing the server sends to an attacker is worth reading whole
    }

    private static boolean startsWithError(byte[] bytes, int offset, int length) {
        return SimDialect.IRC.classify(bytes, offset, length) == SimDialect.ERROR;
    }

    private void read() throws IOException {
        ByteBuffer buffer = readBuffer;
        for (int i = 0; i < READS_PER_EVENT && !closed; i++) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                lose("closed by the server");
                return;
            }
            if (n == 0) {
                return;
            }
            readNanos = System.nanoTime();
            if (!greeted) {
                greeted = true;
                handler.greeted(this);
            }
            if (decoder != null) {
                decoder.decode(buffer.flip(), this);
            }
            if (n < buffer.capacity()) {
                return;
            }
        }
    }

    private void lose(String reason) {
        if (closed) {
            return;
        }
        close();
        handler.lost(this, lastError == null ? reason : reason + " (server said: " + lastError + ")");
    }

    private static String message(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
