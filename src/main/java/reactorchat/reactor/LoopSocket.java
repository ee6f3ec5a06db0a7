package reactorchat.reactor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An accepted socket as the loop serves it: the channel, its selection key, and whether the loop
 * waits to read it, to write it, or both. Its {@link Connection} decides; this makes the calls.
 */
final class LoopSocket {
    private static final Logger log = LoggerFactory.getLogger(LoopSocket.class);

    private final SocketChannel channel;
    private final InetAddress peer;
    private SelectionKey key;
    /** The peer's end of stream was read: nothing more will come, so closing sends no reset. */
    private boolean peerClosed;

    LoopSocket(SocketChannel channel, InetAddress peer) {
        this.channel = channel;
        this.peer = peer;
    }

    void registered(SelectionKey key) {
        this.key = key;
    }

    /**
     * Reads what has arrived into {@code in}, cleared first; at the end of stream it stops
     * reading for good.
     *
     * @return the bytes read, or -1 at the end of stream
     */
    int read(ByteBuffer in) throws IOException {
        in.clear();
        return readMore(in);
    }

    /** Reads what has arrived into {@code in} after what it holds already; as {@link #read}. */
    int readMore(ByteBuffer in) throws IOException {
        int n = channel.read(in);
        if (n < 0) {
            peerClosed = true;
            readInterest(false);
        }
        return n;
    }

    boolean peerClosed() {
        return peerClosed;
    }

    /**
     * Whether the peer sent bytes not read yet; the one byte this reads is dropped. Its own tiny
     * buffer: this may run inside a handler, while the loop's read buffer is being decoded.
     */
    boolean hasUnreadInput() {
        try {
            return channel.read(ByteBuffer.allocate(1)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Shuts the writing side; false if it would not. */
    boolean shutdownOutput() {
        try {
            channel.shutdownOutput();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    void readInterest(boolean on) {
        setInterest(SelectionKey.OP_READ, on);
    }

    void writeInterest(boolean on) {
        setInterest(SelectionKey.OP_WRITE, on);
    }

    private void setInterest(int op, boolean on) {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = key.interestOps();
        int wanted = on ? ops | op : ops & ~op;
        if (wanted != ops) {
            key.interestOps(wanted);
        }
    }

    boolean isReading() {
        return key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_READ) != 0;
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("{}: error on close: {}", this, e.toString());
        }
    }

    SocketChannel channel() {
        return channel;
    }

    InetAddress peer() {
        return peer;
    }

    /** The address the peer connected to; null if the socket is closed already. */
    InetAddress local() {
        try {
            return channel.getLocalAddress() instanceof InetSocketAddress local ? local.getAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "closed connection";
        }
    }
}
