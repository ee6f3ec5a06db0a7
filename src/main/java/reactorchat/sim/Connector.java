package reactorchat.sim;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens one loop's client sockets: its share of the setup's chatters, flooders and silent clients
 * at its share of the ramp's pace, and a soak's churn and slow clients when it asks. It stops
 * opening for good once the OS refuses another socket, and says why in the tally.
 */
final class Connector {
    /** A silent or slow reader's receive buffer: small, so the server's output piles up on its side. */
    static final int SILENT_RECEIVE_BUFFER = 4096;
    /**
     * Connections opened but not yet joined, at most. Beyond the server's accept backlog, the kernel
     * completes a client's connect but may later forget the half-open server side (after
     * tcp_synack_retries); a line-dialect client, which waits silently for its welcome, would then
     * hang forever. Keeping fewer than a typical backlog (1024) in flight avoids that; the loops of
     * a run on several threads share it, as they share the server's backlog.
     */
    static final int MAX_IN_FLIGHT = 500;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final SimOptions options;
    private final Share share;
    private final int maxInFlight;
    private final Selector selector;
    private final ClientLoop loop;
    private final Tally tally;
    private final SlowReaders silent;
    /** The setup's clients, in the order opened: chatters, then flooders, then silent ones. */
    private final List<SimClient> setup = new ArrayList<>();
    private boolean stopOpening;
    private int nextId;

    /** @param silent where the setup's silent clients are handed once opened */
    Connector(SimOptions options, Share share, Selector selector, ClientLoop loop, Tally tally, SlowReaders silent) {
        this.options = options;
        this.share = share;
        this.maxInFlight = Math.max(1, MAX_IN_FLIGHT / options.threads());
        this.nextId = share.firstId();
        this.selector = selector;
        this.loop = loop;
        this.tally = tally;
        this.silent = silent;
    }

    List<SimClient> setupClients() {
        return setup;
    }

    /** Opens the setup's clients that the ramp allows by {@code now}. */
    void openDue(long now, long startNanos) {
        long allowed = Math.min(share.setupClients(), (now - startNanos) * share.ramp() / SECOND + 1);
        while (!stopOpening && setup.size() < allowed && inFlight() < maxInFlight) {
            int index = setup.size();
            SimClient.Role role = index < share.clients() ? SimClient.Role.CHATTER
                    : index < share.clients() + share.flooders() ? SimClient.Role.FLOODER : SimClient.Role.SILENT;
            SimClient client = open(role, options.room());
            if (client == null) {
                return;
            }
            setup.add(client);
            if (role == SimClient.Role.SILENT) {
                silent.add(client);
            }
        }
    }

    /**
     * Opens a connection for a client of {@code role}; a failure to connect closes it at once,
     * reported like any other. Null if the OS would not open another socket.
     */
    SimClient open(SimClient.Role role, String room) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (IOException e) {
            stopOpening = true;
            tally.osLimit = OsLimits.advice(e, nextId - share.firstId(), options.target());
            return null;
        }
        SimClient client = new SimClient(nextId++, role, room, loop, channel);
        tally.connectsStarted++;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (role == SimClient.Role.SILENT || role == SimClient.Role.SLOW) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, SILENT_RECEIVE_BUFFER);
            }
            boolean done = channel.connect(options.target());
            client.attach(channel.register(selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, client));
            if (done) {
                client.connected();
            }
        } catch (IOException e) {
            String advice = OsLimits.advice(e, nextId - 1 - share.firstId(), options.target());
            if (advice != null) {
                stopOpening = true;
                tally.osLimit = advice;
            }
            client.close("connect failed: " + e.getMessage());
        }
        return client;
    }

    /** Whether every setup client was opened (or the OS refused more) and each has joined or ended. */
    boolean setupFinished() {
        boolean allOpened = stopOpening || setup.size() == share.setupClients();
        return allOpened && inFlight() == 0;
    }

    /** When the ramp allows the next setup client, at most {@code deadline}. */
    long nextOpen(long startNanos, long deadline) {
        if (stopOpening || setup.size() >= share.setupClients() || inFlight() >= maxInFlight) {
            return deadline; // a join or a failure wakes the loop before then
        }
        return Math.min(deadline, startNanos + setup.size() * SECOND / share.ramp());
    }

    /** The end of the setup: closes those that have not joined. */
    void closeUnjoined() {
        for (SimClient client : setup) {
            if (client.state() != SimClient.State.JOINED) {
                client.close("did not join within the setup timeout (still " + client.state().name().toLowerCase()
                        + ")");
            }
        }
    }

    /** Setup connections opened that have neither joined nor ended. */
    private int inFlight() {
        return setup.size() - tally.joined - tally.setupFailureCount() - tally.disconnectCount() - tally.silentClosed;
    }
}
