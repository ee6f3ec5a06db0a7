package reactorchat.reactor;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Set;

/**
 * A connected socket held in memory, for a {@link Connection} that the test drives itself: what the
 * peer "sends" waits here read by read, and what the connection writes is kept for the test. The
 * peer takes only as many bytes as it has been allowed, so a test can play a slow reader. It cannot
 * be registered with a selector; {@link DrivenLoop} does not need it to be.
 */
final class MemorySocket extends SocketChannel {
    private final InetSocketAddress remote;
    private final ArrayDeque<byte[]> reads = new ArrayDeque<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private boolean eof;
    private long writable;
    private long writtenTotal;

    MemorySocket(InetSocketAddress remote, long writable) {
        super(SelectorProvider.provider());
        this.remote = remote;
        this.writable = writable;
    }

    /** What a later read returns, whole if the reader's buffer is big enough (the loop's is); nothing after EOF. */
    void arrive(byte[] bytes) {
        if (!eof) {
            reads.add(bytes);
        }
    }

    /** The peer closes its side: once the arrived bytes are read, reads give -1. */
    void arriveEof() {
        eof = true;
    }

    /** The peer reads: it takes up to this many more bytes (Long.MAX_VALUE: all from now on). */
    void allowWrites(long bytes) {
        writable = bytes >= Long.MAX_VALUE - writable ? Long.MAX_VALUE : writable + bytes;
    }

    /** Every byte written so far. */
    long writtenTotal() {
        return writtenTotal;
    }

    /** The bytes written since the last call. */
    byte[] takeWritten() {
        byte[] bytes = written.toByteArray();
        written.reset();
        return bytes;
    }

    @Override
    public int read(ByteBuffer dst) {
        byte[] next = reads.peek();
        if (next == null) {
            return eof ? -1 : 0;
        }
        reads.poll();
        int n = Math.min(next.length, dst.remaining());
        dst.put(next, 0, n);
        if (n < next.length) { // a small read (a probe for unread input): the rest waits for the next
            reads.push(Arrays.copyOfRange(next, n, next.length));
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) {
        throw new UnsupportedOperationException("Connection reads into one buffer");
    }

    @Override
    public int write(ByteBuffer src) {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        long total = 0;
        for (int i = offset; i < offset + length && writable > 0; i++) {
            ByteBuffer src = srcs[i];
            int n = (int) Math.min(src.remaining(), writable);
            byte[] bytes = new byte[n];
            src.get(bytes);
            written.write(bytes, 0, n);
            writable -= n;
            total += n;
            writtenTotal += n;
        }
        return total;
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public SocketAddress getLocalAddress() {
        return new InetSocketAddress(remote.getAddress(), 1);
    }

    @Override
    public boolean isConnected() {
        return isOpen();
    }

    @Override
    public boolean isConnectionPending() {
        return false;
    }

    @Override
    protected void implCloseSelectableChannel() {
        reads.clear();
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
        // Nothing here ever blocks.
    }

    // What follows sets up a real socket; a connected memory socket has no use for it.

    @Override
    public SocketChannel bind(SocketAddress local) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> SocketChannel setOption(SocketOption<T> name, T value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T getOption(SocketOption<T> name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return Set.of();
    }

    @Override
    public SocketChannel shutdownInput() {
        throw new UnsupportedOperationException();
    }

    /** The connection shuts its side, to linger: it writes nothing more, which the queue's limits already ensure. */
    @Override
    public SocketChannel shutdownOutput() {
        return this;
    }

    @Override
    public Socket socket() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean connect(SocketAddress remote) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean finishConnect() {
        throw new UnsupportedOperationException();
    }
}
