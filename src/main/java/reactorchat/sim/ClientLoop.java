package reactorchat.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulator's one thread: a Selector over every client socket, and the run's phases.
 * One pass: open the connections the ramp allows → send what the schedule (and any flooders) say
 * is due → let a soak start churn cycles and slow readers, and silent clients show they were cut →
 * move to the next phase when its time or condition has come → print the status line once a
 * second → select until the nearest of those deadlines.
 */
final class ClientLoop {
    enum Phase { SETUP, HOLD, WARMUP, MEASURE, DRAIN, LATE, CUT_CHECK, DONE }

    /** How long after the last send the loop waits for deliveries still on their way. */
    static final long DRAIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The same with flooders: their last burst passes the server's flood control at its own pace. */
    static final long FLOOD_DRAIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /**
     * After the drain, how long the run waits for what is still to come, as long as it keeps
     * coming: what arrives then is late, what does not arrive is lost.
     */
    static final long LATE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** A wait for late messages ends once none has come for this long: the rest are lost. */
    static final long LATE_STALL_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long DRAIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final SimOptions options;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final Payload payloadReader = Payload.reader();
    private final Tally tally = new Tally();
    private final StatusLine status;
    private final CpuMeter cpu = new CpuMeter();
    /** Null if the server's process is not known: not on this machine, or not ours to read. */
    private final ServerCpu serverCpu;
    private final List<SimClient> receivers = new ArrayList<>();
    /** Receivers that read every --read-interval instead of at once (--probes). */
    private final List<SimClient> pacedReaders = new ArrayList<>();
    private long nextPacedRead = Long.MAX_VALUE;
    /** Deliveries counted when the drain ended, and when one last came in the wait for late ones. */
    private long deliveredAtDrainEnd = -1;
    private long deliveredBefore;
    private long lastArrivalNanos;
    /** Per sender, the furthest any receiver had got when the drain ended; null until then. */
    private long[] furthestAtDrainEnd;
    /** The counts are final: what arrives from now on is not counted. */
    private boolean settled;
    private final List<SimClient> flooderClients = new ArrayList<>();
    private final SlowReaders silent;
    private final Soak soak;
    private final Connector connector;
    private Phase phase = Phase.SETUP;
    /** Null until the setup is over, and in an idle run. */
    private Traffic traffic;
    private long startNanos;
    private long measureFromNanos;
    private long measureUntilNanos;
    private long phaseDeadline;
    private long nextDrainCheck;

    /**
     * @param reportOut where a soak prints its report lines
     * @param statusOut where the live status line goes once a second
     */
    ClientLoop(SimOptions options, PrintStream reportOut, PrintStream statusOut) throws IOException {
        this.options = options;
        this.selector = Selector.open();
        this.status = new StatusLine(statusOut, options);
        this.silent = new SlowReaders(this, SimClient.Role.SILENT, 0, 0);
        this.soak = options.soak() == null ? null : new Soak(this, options, reportOut);
        this.connector = new Connector(options, selector, this, tally, silent);
        this.serverCpu = ServerCpu.find(options.target(), options.serverPid());
    }

    /** Runs every phase to the end and returns what happened; the calling thread is the loop. */
    Report run() throws IOException {
        startNanos = System.nanoTime();
        phaseDeadline = startNanos + options.setupTimeoutNanos();
        try {
            while (phase != Phase.DONE) {
                long now = System.nanoTime();
                if (phase == Phase.SETUP) {
                    connector.openDue(now, startNanos);
                }
                if (traffic != null) {
                    traffic.sendDue(now, measureFromNanos, tally);
                }
                readPaced(now);
                if (soak != null) {
                    soak.tick(now);
                }
                silent.tick(now);
                advance(now);
                status.tick(now, phase, this);
                select(now);
            }
        } finally {
            for (SelectionKey key : List.copyOf(selector.keys())) {
                ((SimClient) key.attachment()).close(null); // every client still open, whatever its role
            }
            selector.close();
        }
        return Report.of(options, tally, receivers.size(), Math.min(connector.setupClients().size(), options.clients()),
                measureUntilNanos - measureFromNanos, cpu.share(), serverCpu, silent.cut(),
                silent.notCut() + silent.pending(), soak == null ? null : soak.summary());
    }

    SimDialect dialect() {
        return options.dialect();
    }

    Tally tally() {
        return tally;
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    Payload payloadReader() {
        return payloadReader;
    }

    int opened() {
        return connector.setupClients().size();
    }

    void clientJoined(SimClient client) {
        switch (client.role) {
            case CHATTER -> receivers.add(client);
            case FLOODER -> flooderClients.add(client);
            case SILENT -> silent.joined(client, System.nanoTime());
            case SLOW, CHURN -> {
                soak.joined(client, System.nanoTime());
                return; // not counted among the clients of the setup
            }
        }
        tally.joined++;
    }

    void clientClosed(SimClient client, SimClient.State was, String reason) {
        if (client.role == SimClient.Role.SLOW || client.role == SimClient.Role.CHURN) {
            soak.closed(client, was, reason);
            return;
        }
        if (client.role == SimClient.Role.SILENT) {
            silent.closed(client, was, reason);
        }
        if (was != SimClient.State.JOINED) {
            tally.setupFailed(reason);
            return;
        }
        tally.joined--;
        if (client.role == SimClient.Role.SILENT) {
            tally.silentClosed++;
        } else {
            tally.disconnected(client.role == SimClient.Role.FLOODER ? "flooder: " + reason : reason);
        }
    }

    /** A room message reached a client that is not a chatter; its role decides what it means. */
    void otherMessage(SimClient client, byte[] bytes, int at, int end) {
        if (soak != null) {
            soak.heard(client, bytes, at, end);
        }
    }

    /**
     * A message reached a receiver. A scheduled sender's counts toward latency if it was meant to
     * be sent in the measured window; a flooder's only toward how late flood lines arrive. One read
     * only now and then ({@code timed} false) counts, but gives no latency. {@code seq} is the
     * message's number among its sender's.
     */
    void delivered(int sender, long seq, long intendedNanos, long receivedNanos, boolean timed) {
        tally.delivered++;
        if (phase == Phase.LATE && seq >= furthestAtDrainEnd[sender]) {
            tally.lateHeldBack++; // a line nobody had when the drain ended, let through since
        }
        long intended = startNanos + intendedNanos;
        long latency = receivedNanos - intended;
        if (traffic.isFlooder(sender)) {
            tally.floodDelivered++;
            if (timed) {
                tally.floodLateMax = Math.max(tally.floodLateMax, latency);
            }
            return;
        }
        if (timed) {
            tally.lastSecond.record(latency); // the live line shows warmup latency too
        }
        if (intended >= measureFromNanos && intended < measureUntilNanos) {
            tally.deliveredMeasured++;
            if (timed) {
                tally.latency.record(latency);
            }
        }
    }

    /** Whether the counts are final: a chatter ignores what still arrives. */
    boolean settled() {
        return settled;
    }

    /** Opens a connection for a soak's client of {@code role}; null if the OS would not open another socket. */
    SimClient open(SimClient.Role role) {
        return connector.open(role, role == SimClient.Role.CHURN ? soak.churnRoom() : options.room());
    }

    private void advance(long now) {
        switch (phase) {
            case SETUP -> {
                if (connector.setupFinished() || now >= phaseDeadline) {
                    endSetup(now);
                }
            }
            case HOLD -> phase = now >= phaseDeadline ? Phase.DONE : phase;
            case WARMUP -> {
                if (now >= measureFromNanos) {
                    phase = Phase.MEASURE;
                    cpu.start(now);
                    if (serverCpu != null) {
                        serverCpu.start();
                    }
                }
            }
            case MEASURE -> {
                if (now >= measureUntilNanos) {
                    cpu.stop(now);
                    if (serverCpu != null) {
                        serverCpu.stop();
                    }
                    phase = Phase.DRAIN;
                    phaseDeadline = now + (options.flooders() > 0 ? FLOOD_DRAIN_LIMIT_NANOS : DRAIN_LIMIT_NANOS);
                    nextDrainCheck = now;
                }
            }
            case DRAIN -> {
                if (now >= phaseDeadline) {
                    waitForLate(now);
                } else if (now >= nextDrainCheck) {
                    nextDrainCheck = now + DRAIN_CHECK_NANOS;
                    if (traffic.nothingOutstanding()) {
                        endRun(now);
                    }
                }
            }
            case LATE -> {
                if (now >= nextDrainCheck) {
                    nextDrainCheck = now + DRAIN_CHECK_NANOS;
                    if (tally.delivered > deliveredBefore) {
                        deliveredBefore = tally.delivered;
                        lastArrivalNanos = now;
                    }
                    if (traffic.nothingOutstanding() || now - lastArrivalNanos >= LATE_STALL_NANOS
                            || now >= phaseDeadline) {
                        endRun(now);
                    }
                }
            }
            case CUT_CHECK -> {
                if (silent.pending() == 0 || now >= phaseDeadline) {
                    phase = Phase.DONE; // those still open are closed with the rest, counted as not cut
                }
            }
            case DONE -> {
                // the loop ends
            }
        }
    }

    private void endSetup(long now) {
        for (SimClient client : connector.setupClients()) {
            if (client.state() != SimClient.State.JOINED) {
                client.close("did not join within the setup timeout (still " + client.state().name().toLowerCase()
                        + ")");
            }
        }
        receivers.removeIf(c -> c.state() != SimClient.State.JOINED);
        if (receivers.isEmpty()) {
            phase = Phase.DONE;
            return;
        }
        if (options.idle()) {
            phase = Phase.HOLD;
            phaseDeadline = now + options.durationNanos();
            return;
        }
        flooderClients.removeIf(c -> c.state() != SimClient.State.JOINED);
        long sendFromNanos = now;
        measureFromNanos = now + options.warmupNanos();
        measureUntilNanos = measureFromNanos + options.durationNanos();
        traffic = new Traffic(receivers, Math.min(options.senders(), receivers.size()), flooderClients, options,
                startNanos, sendFromNanos, measureUntilNanos);
        pace(Math.min(options.senders(), receivers.size()) + options.probes(), now);
        if (soak != null) {
            soak.start(now, measureFromNanos, measureUntilNanos);
        }
        phase = Phase.WARMUP; // becomes MEASURE at once if there is no warmup
    }

    /** With --probes, every receiver after the senders and the probes reads only every read interval. */
    private void pace(int atOnce, long now) {
        if (options.probes() == 0 || atOnce >= receivers.size()) {
            return;
        }
        for (SimClient client : receivers.subList(atOnce, receivers.size())) {
            client.readOnlyNowAndThen();
            pacedReaders.add(client);
        }
        nextPacedRead = now + options.readIntervalNanos();
    }

    private void readPaced(long now) {
        if (now < nextPacedRead) {
            return;
        }
        for (SimClient client : pacedReaders) {
            client.readNow();
        }
        nextPacedRead = now + options.readIntervalNanos();
    }

    /** The drain is over and messages are still to come: waits for them while they keep coming. */
    private void waitForLate(long now) {
        phase = Phase.LATE;
        phaseDeadline = now + LATE_LIMIT_NANOS;
        furthestAtDrainEnd = traffic.furthestReceived();
        tally.heldBack = traffic.relayedToNobody();
        deliveredAtDrainEnd = tally.delivered;
        deliveredBefore = tally.delivered;
        lastArrivalNanos = now;
    }

    /**
     * Settles the counts: what came after the drain was late, what never came is lost (a message
     * skipped over was counted as lost when a later one came). Nothing that arrives after this
     * counts. Then, if there are silent clients, gives them time to show they were cut.
     */
    private void endRun(long now) {
        for (SimClient client : pacedReaders) {
            client.readNow(); // what waits unread in their sockets came in time
        }
        tally.lost += traffic.unreceived();
        if (deliveredAtDrainEnd >= 0) {
            tally.late = tally.delivered - deliveredAtDrainEnd;
        }
        settled = true;
        if (silent.pending() == 0) {
            phase = Phase.DONE;
            return;
        }
        silent.wakeAll(now);
        phase = Phase.CUT_CHECK;
        phaseDeadline = now + SlowReaders.CHECK_LIMIT_NANOS;
    }

    private void select(long now) throws IOException {
        long wake = Math.min(status.nextTick(), phase == Phase.SETUP ? connector.nextOpen(startNanos, phaseDeadline)
                : phaseDeadlineFor());
        if (traffic != null) {
            wake = Math.min(wake, traffic.nextWake());
        }
        wake = Math.min(wake, nextPacedRead);
        if (soak != null) {
            wake = Math.min(wake, soak.nextWake());
        }
        wake = Math.min(wake, silent.nextWake());
        // Rounded up: waking up to 1 ms late is harmless (sends are planned 1 ms early), while
        // rounding down would spin through every sub-millisecond remainder.
        long nanos = wake - System.nanoTime();
        long millis = nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
        if (millis == 0) {
            selector.selectNow(key -> ((SimClient) key.attachment()).handle(key.readyOps()));
        } else {
            selector.select(key -> ((SimClient) key.attachment()).handle(key.readyOps()), millis);
        }
    }

    private long phaseDeadlineFor() {
        return switch (phase) {
            case WARMUP -> measureFromNanos;
            case MEASURE -> measureUntilNanos;
            case DRAIN, LATE -> Math.min(phaseDeadline, nextDrainCheck);
            default -> phaseDeadline;
        };
    }
}
