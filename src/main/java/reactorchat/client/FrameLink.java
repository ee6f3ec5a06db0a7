package reactorchat.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import reactorchat.codec.Frame;
import reactorchat.codec.FrameDecoder;
import reactorchat.codec.ToServer;

/**
 * A connection to the frame dialect, driven by one thread: frames to send are queued and written
 * as the socket takes them, while frames that arrive are decoded and handed over in the same
 * {@link #poll}. So a sender whose writes are held back by the server still hears a CANCELLED at
 * once. The queue holds what one caller puts in between polls: a few small frames and at most the
 * chunk it is sending, since a sender offers the next chunk only once the queue is empty.
 */
final class FrameLink implements AutoCloseable {
    /** What arrives: frames, in order. */
    interface Handler {
        void frame(Frame frame) throws IOException;
    }

    /** The longest frame taken from a server, as docs/protocol.md asks (a WHO of a very big room). */
    static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int GATHER = 16;

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);
    private final FrameDecoder decoder = new FrameDecoder(MAX_FRAME);
    private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
    private final List<Frame> arrived = new ArrayList<>();
    private String garbled;
    private boolean closedByServer;
    private long lastSendNanos = System.nanoTime();

    private FrameLink(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.selector = Selector.open();
        channel.configureBlocking(false);
        this.key = channel.register(selector, SelectionKey.OP_READ);
    }

    /** Connects, blocking for at most ten seconds. */
    static FrameLink connect(InetSocketAddress target) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(new InetSocketAddress(target.getHostString(), target.getPort()), CONNECT_TIMEOUT_MILLIS);
            return new FrameLink(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    void send(Frame frame) {
        outbound.add(frame.encode());
        lastSendNanos = System.nanoTime();
    }

    /** Queues a CHUNK whose body is written straight from {@code body}; keep it unchanged until {@link #flushed}. */
    void sendChunk(String id, ByteBuffer body) {
        outbound.add(Frame.encodeHeader(ToServer.CHUNK.code, List.of(id), body.remaining()));
        outbound.add(body);
        lastSendNanos = System.nanoTime();
    }

    /** When a frame was last queued: a server with --idle-timeout closes a client that sends nothing. */
    long lastSendNanos() {
        return lastSendNanos;
    }

    /** True when everything queued has been handed to the kernel. */
    boolean flushed() {
        return outbound.isEmpty();
    }

    /** True once the server has closed the connection (end of stream or reset). */
    boolean closedByServer() {
        return closedByServer;
    }

    /**
     * Waits at most {@code timeoutMillis} (0: not at all) for the socket or a {@link #wakeup},
     * writes what the socket takes, and hands every whole frame read to {@code handler}.
     *
     * @throws IOException if the server sent something that is not a frame, or a write failed
     */
    void poll(long timeoutMillis, Handler handler) throws IOException {
        if (closedByServer) {
            return;
        }
        key.interestOps(outbound.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        if (timeoutMillis > 0) {
            selector.select(timeoutMillis);
        } else {
            selector.selectNow();
        }
        selector.selectedKeys().clear();
        if (!outbound.isEmpty()) {
            write();
        }
        read(handler);
    }

    /** Makes a poll in progress on another thread return at once (for Ctrl-C). */
    void wakeup() {
        selector.wakeup();
    }

    private void write() throws IOException {
        ByteBuffer[] batch = outbound.stream().limit(GATHER).toArray(ByteBuffer[]::new);
        channel.write(batch);
        while (!outbound.isEmpty() && !outbound.peek().hasRemaining()) {
            outbound.poll();
        }
    }

    private void read(Handler handler) throws IOException {
        int n;
        try {
            readBuffer.clear();
            n = channel.read(readBuffer);
        } catch (IOException e) {
            n = -1; // a reset is the server going away, as an end of stream is
        }
        if (n < 0) {
            closedByServer = true;
            return;
        }
        readBuffer.flip();
        decoder.decode(readBuffer, new FrameDecoder.Sink() {
            @Override
            public void frame(Frame frame) {
                arrived.add(frame);
            }

            @Override
            public void badFrame(FrameDecoder.Fault fault, int type, String why) {
                garbled = fault.code + ": " + why;
            }

            @Override
            public void frameTooLong(long length, int maxFrame) {
                garbled = "a frame of " + length + " bytes, over " + maxFrame;
            }
        });
        try {
            for (Frame frame : arrived) {
                handler.frame(frame);
            }
        } finally {
            arrived.clear();
        }
        if (garbled != null) {
            throw new IOException("the server sent a bad frame (" + garbled + "); is HOST:PORT the frame listener?");
        }
    }

    /**
     * Writes what is queued for at most {@code millis}, then closes: for a last CANCEL or QUIT.
     * Frames that arrive meanwhile are dropped.
     */
    void flushAndClose(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        try {
            while (!outbound.isEmpty() && !closedByServer && System.nanoTime() < deadline) {
                poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), frame -> { });
            }
        } catch (IOException e) {
            // closing anyway
        }
        close();
    }

    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
