package reactorchat.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many connections held open by one thread that reads and discards whatever the server sends,
 * so that what the server holds for them is the cost of the connections, not of a backlog of
 * unread notices. Counts the lines that start with a given prefix, e.g. a welcome.
 */
public final class DrainingClients implements AutoCloseable {
    private static final int BATCH = 64;

    private final Selector selector = Selector.open();
    private final List<SocketChannel> channels = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final byte[] prefix;
    private long matched;

    public DrainingClients(String linePrefix) throws IOException {
        this.prefix = linePrefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Opens {@code count} more connections and drains until each has seen a line with the prefix. */
    public void open(InetSocketAddress address, int count) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        int opened = 0;
        while (opened < count) {
            // In batches, each welcomed before the next: a connect storm would overflow the backlog.
            int batch = Math.min(BATCH, count - opened);
            long wanted = matched + batch;
            for (int i = 0; i < batch; i++) {
                SocketChannel channel = SocketChannel.open(address);
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, new int[] {0});
                channels.add(channel);
            }
            opened += batch;
            while (matched < wanted) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + matched + " of " + wanted + " lines seen");
                }
                drain(100);
            }
        }
    }

    /** Reads until nothing has arrived for {@code quietMillis}. */
    public void drainUntilQuiet(long quietMillis) throws IOException {
        while (drain(quietMillis) > 0) {
            // keep reading: the server is still sending
        }
    }

    public int size() {
        return channels.size();
    }

    private int drain(long waitMillis) throws IOException {
        int ready = waitMillis > 0 ? selector.select(waitMillis) : selector.selectNow();
        if (ready == 0) {
            return 0;
        }
        for (SelectionKey key : selector.selectedKeys()) {
            SocketChannel channel = (SocketChannel) key.channel();
            int[] lineStart = (int[]) key.attachment(); // how far into the current line this channel is
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                throw new AssertionError("the server closed a connection");
            }
            count(buffer.array(), n, lineStart);
        }
        selector.selectedKeys().clear();
        return ready;
    }

    /** Matches the prefix at the start of each line; {@code state[0]} is the position within the line. */
    private void count(byte[] bytes, int length, int[] state) {
        for (int i = 0; i < length; i++) {
            int at = state[0];
            if (bytes[i] == '\n') {
                state[0] = 0;
            } else if (at >= 0 && at < prefix.length) {
                state[0] = bytes[i] == prefix[at] ? at + 1 : -1;
                if (state[0] == prefix.length) {
                    matched++;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel channel : channels) {
            channel.close();
        }
        selector.close();
    }
}
