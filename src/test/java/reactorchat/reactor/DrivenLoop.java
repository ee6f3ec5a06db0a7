package reactorchat.reactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLException;

/**
 * A real {@link EventLoop} whose connections are real {@link Connection}s with real dialect
 * handlers, over {@link MemorySocket}s instead of the kernel's, driven step by step from the test's
 * thread: a step is one read (or EOF, or a peer that reads) on one connection, then the loop's
 * end-of-pass work (timers, flush, close). Nothing waits on a socket, so a fuzz target can run a
 * whole chat of several sessions thousands of times a second and reproduce any input exactly.
 *
 * <p>A handler's exception is not caught as the loop would catch it: it fails the test, since
 * the fuzz targets look for exactly that. Those the loop swallows itself (in {@code onClosed},
 * run by the close phase) are recorded and rethrown at the end of the pass.
 */
public final class DrivenLoop implements AutoCloseable {
    private final EventLoop loop = new EventLoop();
    private final Listener listener;
    private final List<Peer> peers = new ArrayList<>();
    private RuntimeException escaped;

    public DrivenLoop() throws IOException {
        this(null);
    }

    /** A loop whose connections speak TLS with {@code tls}: each is given to its dialect once its handshake is done. */
    DrivenLoop(TlsContext tls) throws IOException {
        listener = new Listener(loop.connections(), "driven", null, null, Limits.DEFAULTS, tls);
    }

    /**
     * Opens a connection from {@code address} for {@code factory}'s dialect, whose peer reads
     * {@code peerReads} bytes before it stops reading (Long.MAX_VALUE: it always reads).
     */
    public Peer connect(ConnectionFactory factory, Limits limits, String address, long peerReads) {
        InetAddress host = address(address);
        MemorySocket socket = new MemorySocket(new InetSocketAddress(host, 40_000 + peers.size()), peerReads);
        loop.connections().memory().setLimit(limits.maxClientMemory()); // one budget per loop, as the server sets it
        Connection connection = new Connection(loop.connections(), listener, socket, host, limits);
        loop.connections().add(connection);
        Peer peer = new Peer(connection, socket);
        if (listener.tls() == null) {
            connection.start(null, peer.opened(factory.open(connection)));
        } else {
            connection.start(null, QuietHandler.factory(opened -> peer.opened(factory.open(opened))));
        }
        peers.add(peer);
        pass();
        return peer;
    }

    /** The end of a loop pass: due timers, tasks, then every connection with output is flushed and marked ones closed. */
    public void pass() {
        loop.runPassWork();
        if (escaped != null) {
            throw new AssertionError("a handler threw while the loop closed its connection", escaped);
        }
    }

    /** Why one more connection from {@code address} would be refused under {@code limits}; null if it would be let in. */
    public String refusal(Limits limits, String address) {
        return loop.connections().refusal(limits, 0, address(address), true);
    }

    /** The connections' counts per address group, by IPv6 prefixes of {@code bits}; before any connection. */
    public void groupIpv6By(int bits) {
        loop.connections().groupIpv6By(bits);
    }

    /** Hands {@code task} to the loop as another thread would; it runs in a later {@link #pass}. */
    public void execute(Runnable task) {
        loop.execute(task);
    }

    public List<Peer> peers() {
        return peers;
    }

    public LoopStats stats() {
        return loop.stats();
    }

    /** What clients make the server hold now, output queues among it (a buffer in many queues counted once). */
    public long memoryUsed() {
        return loop.connections().memory().used();
    }

    Connections connections() {
        return loop.connections();
    }

    /**
     * Every queue is within its hard limit: seen from outside, the queues of the connections not
     * yet closed hold no more than their limits together, and only those connections hold any.
     */
    public void assertOutputWithinLimits() {
        long allowed = 0;
        int open = 0;
        for (Peer peer : peers) {
            if (!peer.isClosed()) {
                open++;
                long hard = peer.limits().maxOutboundBytes();
                allowed += hard == Limits.UNLIMITED ? Long.MAX_VALUE / peers.size() : hard;
            }
        }
        Connections connections = loop.connections();
        if (connections.memory().output() > allowed || connections.outputHolders() > open) {
            throw new AssertionError(connections.outputHolders() + " queues hold " + connections.memory().output()
                    + " bytes; " + open + " connections are open, allowed " + allowed + " bytes together");
        }
    }

    /** Closes whatever is still open, as the loop does when it stops. */
    @Override
    public void close() {
        for (Peer peer : peers) {
            peer.connection.close("test over");
        }
        pass();
        loop.close();
        Connections connections = loop.connections();
        if (connections.memory().used() != 0 || connections.outputHolders() != 0) {
            throw new AssertionError("closed connections still count " + connections.memory().used() + " bytes, "
                    + connections.outputHolders() + " queues among them");
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an address literal: " + literal, e);
        }
    }

    /** The far end of one connection, as its peer would act on it. */
    public final class Peer {
        private final Connection connection;
        private final MemorySocket socket;
        /** The dialect's handler; null until a TLS connection's handshake is done. */
        private ConnectionHandler handler;

        private Peer(Connection connection, MemorySocket socket) {
            this.connection = connection;
            this.socket = socket;
        }

        private ConnectionHandler opened(ConnectionHandler dialect) {
            handler = watch(dialect);
            return handler;
        }

        /** The peer sends these bytes; the loop reads them at once, as one read, unless reads are paused. */
        public void send(byte[] bytes) {
            if (isClosed()) {
                return;
            }
            socket.arrive(bytes);
            ready(SelectionKey.OP_READ);
        }

        /** The peer closes its side. */
        public void sendEof() {
            if (isClosed()) {
                return;
            }
            socket.arriveEof();
            ready(SelectionKey.OP_READ);
        }

        /**
         * The peer reads up to {@code bytes} more, and the socket is write-ready again.
         *
         * @return the bytes the connection wrote then
         */
        public long read(long bytes) {
            long before = socket.writtenTotal();
            socket.allowWrites(bytes);
            ready(SelectionKey.OP_WRITE);
            return socket.writtenTotal() - before;
        }

        /**
         * The socket is read-ready again, as it stays while bytes or the end of stream wait.
         *
         * @return whether the connection read anything then
         */
        public boolean readable() {
            long before = socket.readCalls();
            ready(SelectionKey.OP_READ);
            return socket.readCalls() > before;
        }

        /** The bytes the connection has written to the peer since the last call. */
        public byte[] received() {
            return socket.takeWritten();
        }

        /** The idle time-out fires, as it does for an open connection. */
        public void idle() {
            if (connection.isOpen()) {
                connection.idle();
            }
        }

        /** Hands {@code task} to the loop on this connection's behalf ({@link Connection#runLater}). */
        public void runLater(Runnable task) {
            connection.runLater(task);
        }

        /** The server begins its shutdown. */
        public void shutdown() {
            connection.shutdown();
        }

        /** Open and reading: not closing, draining or closed. */
        public boolean isOpen() {
            return connection.isOpen();
        }

        /** The loop has closed the socket. */
        public boolean isClosed() {
            return !socket.isOpen();
        }

        public Limits limits() {
            return connection.limits();
        }

        private void ready(int ops) {
            if (isClosed()) {
                return;
            }
            try {
                connection.handle(ops);
            } catch (SSLException e) {
                connection.failed(e); // bytes that are no TLS: the loop closes that connection alone
            } catch (IOException e) {
                throw new UncheckedIOException("a memory socket does not fail", e);
            }
        }

        private ConnectionHandler watch(ConnectionHandler handler) {
            return new ConnectionHandler() {
                @Override
                public void onBytes(ByteBuffer in) {
                    handler.onBytes(in);
                }

                @Override
                public void onEof() {
                    handler.onEof();
                }

                @Override
                public void onIdle() {
                    handler.onIdle();
                }

                @Override
                public void onShutdown() {
                    handler.onShutdown();
                }

                @Override
                public void onClosed(String reason) {
                    try {
                        handler.onClosed(reason);
                    } catch (RuntimeException e) {
                        escaped = e;
                        throw e;
                    }
                }
            };
        }
    }
}
