package reactorchat.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Many text clients served by the calling thread through one selector, for tests with more
 * clients than threads can be spared for: each client hands every line it receives to its own
 * handler, and sends whatever it is given as fast as the socket takes it.
 */
public final class SelectorClients implements AutoCloseable {
    private final Selector selector = Selector.open();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final List<Peer> peers = new ArrayList<>();

    public SelectorClients() throws IOException {
    }

    /** One connection: its unsent output and its unfinished line. */
    public final class Peer {
        private final SocketChannel channel;
        private final SelectionKey key;
        private final Consumer<String> onLine;
        private final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        private Peer(SocketChannel channel, Consumer<String> onLine) throws IOException {
            this.channel = channel;
            this.onLine = onLine;
            this.key = channel.register(selector, SelectionKey.OP_READ, this);
        }

        /** Sends a line ended by LF. */
        public void send(String line) throws IOException {
            write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        }

        /** Sends the bytes as fast as the socket takes them, after whatever is still unsent. */
        public void write(ByteBuffer bytes) throws IOException {
            output.add(bytes);
            flush();
        }

        private void flush() throws IOException {
            while (!output.isEmpty()) {
                ByteBuffer head = output.peek();
                channel.write(head);
                if (head.hasRemaining()) {
                    break;
                }
                output.poll();
            }
            key.interestOps(output.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }

        private void read() throws IOException {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n < 0) {
                throw new AssertionError("the server closed a connection");
            }
            byte[] bytes = readBuffer.array();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (bytes[i] == '\n') {
                    String line;
                    if (partial.size() == 0) {
                        line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                    } else {
                        partial.write(bytes, start, i - start);
                        line = partial.toString(StandardCharsets.UTF_8);
                        partial.reset();
                    }
                    onLine.accept(line);
                    start = i + 1;
                }
            }
            partial.write(bytes, start, n - start);
        }
    }

    /** Connects a client whose received lines, without LF, go to {@code onLine}. */
    public Peer open(InetSocketAddress address, Consumer<String> onLine) throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        channel.configureBlocking(false);
        Peer peer = new Peer(channel, onLine);
        peers.add(peer);
        return peer;
    }

    /**
     * Serves every client until {@code done} holds, running {@code tick} after each select (about
     * once a millisecond); fails, saying {@code what} was awaited, if that takes longer than {@code limit}.
     */
    public void runUntil(String what, BooleanSupplier done, Duration limit, Tick tick) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no " + what + " within " + limit.toSeconds() + " s");
            }
            selector.select(1);
            for (SelectionKey key : selector.selectedKeys()) {
                Peer peer = (Peer) key.attachment();
                if (key.isWritable()) {
                    peer.flush();
                }
                if (key.isReadable()) {
                    peer.read();
                }
            }
            selector.selectedKeys().clear();
            tick.run(System.nanoTime());
        }
    }

    /** What runs between selects; it may send. */
    @FunctionalInterface
    public interface Tick {
        void run(long nowNanos) throws IOException;
    }

    public static final Tick NOTHING = now -> { };

    @Override
    public void close() throws IOException {
        for (Peer peer : peers) {
            peer.channel.close();
        }
        selector.close();
    }
}
