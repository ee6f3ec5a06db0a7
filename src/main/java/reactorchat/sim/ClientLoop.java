package reactorchat.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulator's one thread: a Selector over every client socket, and the run's phases.
 * One pass: open the connections the ramp allows → send what the schedule says is due → move to
 * the next phase when its time or condition has come → print the status line once a second →
 * select until the nearest of those deadlines.
 */
final class ClientLoop {
    enum Phase { SETUP, HOLD, WARMUP, MEASURE, DRAIN, DONE }

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** How long after the last send the loop waits for deliveries still on their way. */
    static final long DRAIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long DRAIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * Connections opened but not yet joined, at most. Beyond the server's accept backlog, the kernel
     * completes a client's connect but may later forget the half-open server side (after
     * tcp_synack_retries); a line-dialect client, which waits silently for its welcome, would then
     * hang forever. Keeping fewer than a typical backlog (1024) in flight avoids that.
     */
    static final int MAX_IN_FLIGHT = 500;

    private final SimOptions options;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final Payload payloadReader = Payload.reader();
    private final Tally tally = new Tally();
    private final StatusLine status;
    private final CpuMeter cpu = new CpuMeter();
    private final List<SimClient> clients = new ArrayList<>();
    private final List<SimClient> receivers = new ArrayList<>();
    private Phase phase = Phase.SETUP;
    private boolean stopOpening;
    private SendSchedule schedule;
    private long startNanos;
    private long measureFromNanos;
    private long measureUntilNanos;
    private long phaseDeadline;
    private long nextDrainCheck;

    ClientLoop(SimOptions options, PrintStream statusOut) throws IOException {
        this.options = options;
        this.selector = Selector.open();
        this.status = new StatusLine(statusOut, options);
    }

    /** Runs every phase to the end and returns what happened; the calling thread is the loop. */
    Report run() throws IOException {
        startNanos = System.nanoTime();
        phaseDeadline = startNanos + options.setupTimeoutNanos();
        try {
            while (phase != Phase.DONE) {
                long now = System.nanoTime();
                if (phase == Phase.SETUP) {
                    openDue(now);
                }
                if (schedule != null) {
                    schedule.sendDue(now, measureFromNanos, tally);
                }
                advance(now);
                status.tick(now, phase, this);
                select(now);
            }
        } finally {
            for (SimClient client : clients) {
                client.close(null);
            }
            selector.close();
        }
        return Report.of(options, tally, receivers.size(), clients.size(), measureUntilNanos - measureFromNanos,
                cpu.share());
    }

    SimDialect dialect() {
        return options.dialect();
    }

    String room() {
        return options.room();
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
        return clients.size();
    }

    void clientJoined(SimClient client) {
        tally.joined++;
        receivers.add(client);
    }

    void clientClosed(SimClient client, SimClient.State was, String reason) {
        if (was == SimClient.State.JOINED) {
            tally.joined--;
            tally.disconnected(reason);
        } else {
            tally.setupFailed(reason);
        }
    }

    /** A message reached a receiver; only those meant to be sent in the measured window count. */
    void delivered(long intendedNanos, long receivedNanos) {
        tally.delivered++;
        long intended = startNanos + intendedNanos;
        long latency = receivedNanos - intended;
        tally.lastSecond.record(latency); // the live line shows warmup latency too
        if (intended >= measureFromNanos && intended < measureUntilNanos) {
            tally.deliveredMeasured++;
            tally.latency.record(latency);
        }
    }

    private void openDue(long now) {
        long allowed = Math.min(options.clients(), (now - startNanos) * options.ramp() / SECOND + 1);
        while (!stopOpening && clients.size() < allowed && inFlight() < MAX_IN_FLIGHT) {
            open();
        }
    }

    private void open() {
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (IOException e) {
            stopOpening = true;
            tally.osLimit = OsLimits.advice(e, clients.size(), options.target());
            return;
        }
        SimClient client = new SimClient(clients.size(), this, channel);
        clients.add(client);
        tally.connectsStarted++;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean done = channel.connect(options.target());
            client.attach(channel.register(selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, client));
            if (done) {
                client.connected();
            }
        } catch (IOException e) {
            String advice = OsLimits.advice(e, clients.size() - 1, options.target());
            if (advice != null) {
                stopOpening = true;
                tally.osLimit = advice;
            }
            client.close("connect failed: " + e.getMessage());
        }
    }

    private void advance(long now) {
        switch (phase) {
            case SETUP -> {
                if (setupFinished() || now >= phaseDeadline) {
                    endSetup(now);
                }
            }
            case HOLD -> phase = now >= phaseDeadline ? Phase.DONE : phase;
            case WARMUP -> {
                if (now >= measureFromNanos) {
                    phase = Phase.MEASURE;
                    cpu.start(now);
                }
            }
            case MEASURE -> {
                if (now >= measureUntilNanos) {
                    cpu.stop(now);
                    phase = Phase.DRAIN;
                    phaseDeadline = now + DRAIN_LIMIT_NANOS;
                    nextDrainCheck = now;
                }
            }
            case DRAIN -> {
                if (now >= phaseDeadline) {
                    endRun();
                } else if (now >= nextDrainCheck) {
                    nextDrainCheck = now + DRAIN_CHECK_NANOS;
                    if (nothingOutstanding()) {
                        endRun();
                    }
                }
            }
            case DONE -> {
                // the loop ends
            }
        }
    }

    private boolean setupFinished() {
        boolean allOpened = stopOpening || clients.size() == options.clients();
        return allOpened && inFlight() == 0;
    }

    /** Connections opened that have neither joined nor ended. */
    private int inFlight() {
        return clients.size() - tally.joined - tally.setupFailureCount() - tally.disconnectCount();
    }

    private void endSetup(long now) {
        for (SimClient client : clients) {
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
        for (SimClient receiver : receivers) {
            receiver.expect(Math.min(options.senders(), receivers.size()));
        }
        long sendFromNanos = now;
        measureFromNanos = now + options.warmupNanos();
        measureUntilNanos = measureFromNanos + options.durationNanos();
        List<SimClient> senders = receivers.subList(0, Math.min(options.senders(), receivers.size()));
        for (int k = 0; k < senders.size(); k++) {
            senders.get(k).sendAs(k);
        }
        schedule = new SendSchedule(senders, options, startNanos, sendFromNanos, measureUntilNanos);
        phase = Phase.WARMUP; // becomes MEASURE at once if there is no warmup
    }

    private boolean nothingOutstanding() {
        long[] sent = schedule.sentPerSender();
        for (SimClient receiver : receivers) {
            if (receiver.unreceived(sent) > 0) {
                return false;
            }
        }
        return true;
    }

    private void endRun() {
        long[] sent = schedule.sentPerSender();
        for (SimClient receiver : receivers) {
            tally.lost += receiver.unreceived(sent);
        }
        phase = Phase.DONE;
    }

    private void select(long now) throws IOException {
        long wake = Math.min(status.nextTick(), phase == Phase.SETUP ? nextOpen() : phaseDeadlineFor());
        if (schedule != null) {
            wake = Math.min(wake, schedule.nextWake());
        }
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

    private long nextOpen() {
        if (stopOpening || clients.size() >= options.clients() || inFlight() >= MAX_IN_FLIGHT) {
            return phaseDeadline; // a join or a failure wakes the loop before then
        }
        return Math.min(phaseDeadline, startNanos + clients.size() * SECOND / options.ramp());
    }

    private long phaseDeadlineFor() {
        return switch (phase) {
            case WARMUP -> measureFromNanos;
            case MEASURE -> measureUntilNanos;
            case DRAIN -> Math.min(phaseDeadline, nextDrainCheck);
            default -> phaseDeadline;
        };
    }
}
