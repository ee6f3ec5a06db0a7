package reactorchat.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;

/**
 * The simulator's one thread: a Selector over every client socket, and the run's phases.
 * One pass: open the connections the ramp allows → send what the schedule (and any flooders) say
 * is due → let a soak start churn cycles and slow readers, and silent clients show they were cut →
 * move to the next phase when its time or condition has come → print the status line once a
 * second → select until the nearest of those deadlines.
 */
final class ClientLoop {
    enum Phase { SETUP, HOLD, WARMUP, MEASURE, DRAIN, LATE, CUT_CHECK, DONE }

    private final SimOptions options;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final Payload payloadReader = Payload.reader();
    private final Tally tally = new Tally();
    private final StatusLine status;
    private final CpuMeter cpu = new CpuMeter();
    private final ServerCpu serverCpu;
    private final PacedReaders pacedReaders;
    private final SlowReaders silent;
    private final Soak soak;
    private final Roster roster;
    private final Connector connector;
    private Phase phase = Phase.SETUP;
    /** Null until the setup is over, and in an idle run. */
    private Traffic traffic;
    /** Null until the last send. */
    private Drain drain;
    private long startNanos;
    private long measureFromNanos;
    private long measureUntilNanos;
    private long phaseDeadline;

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
        this.roster = new Roster(tally, silent, soak);
        this.connector = new Connector(options, selector, this, tally, silent);
        this.serverCpu = ServerCpu.find(options.target(), options.serverPid());
        this.pacedReaders = new PacedReaders(options.readIntervalNanos());
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
                pacedReaders.readDue(now);
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
        return Report.of(options, tally, roster.receivers().size(),
                Math.min(connector.setupClients().size(), options.clients()), measureUntilNanos - measureFromNanos,
                cpu.share(), serverCpu, silent.cut(), silent.notCut() + silent.pending(),
                soak == null ? null : soak.summary());
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

    Roster roster() {
        return roster;
    }

    /** Message {@code seq} from {@code sender} reached a receiver, timed or not: see {@link Tally#delivered}. */
    void delivered(int sender, long seq, long intendedNanos, long receivedNanos, boolean timed) {
        if (drain != null) {
            drain.delivered(sender, seq);
        }
        long intended = startNanos + intendedNanos;
        tally.delivered(traffic.isFlooder(sender), intended >= measureFromNanos && intended < measureUntilNanos,
                timed, receivedNanos - intended);
    }

    /** Whether the counts are final: a chatter ignores what still arrives. */
    boolean settled() {
        return drain != null && drain.settled();
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
                    serverCpu.start();
                }
            }
            case MEASURE -> {
                if (now >= measureUntilNanos) {
                    cpu.stop(now);
                    serverCpu.stop();
                    phase = Phase.DRAIN;
                    drain = new Drain(now, options.flooders() > 0, traffic, tally);
                }
            }
            case DRAIN, LATE -> {
                boolean over = drain.isOver(now);
                phase = drain.late() ? Phase.LATE : Phase.DRAIN;
                if (over) {
                    endRun(now);
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
        roster.keepJoined();
        List<SimClient> receivers = roster.receivers();
        if (receivers.isEmpty()) {
            phase = Phase.DONE;
            return;
        }
        if (options.idle()) {
            phase = Phase.HOLD;
            phaseDeadline = now + options.durationNanos();
            return;
        }
        long sendFromNanos = now;
        measureFromNanos = now + options.warmupNanos();
        measureUntilNanos = measureFromNanos + options.durationNanos();
        traffic = new Traffic(receivers, Math.min(options.senders(), receivers.size()), roster.flooders(), options,
                startNanos, sendFromNanos, measureUntilNanos);
        int atOnce = Math.min(options.senders(), receivers.size()) + options.probes();
        if (options.probes() > 0 && atOnce < receivers.size()) {
            pacedReaders.pace(receivers.subList(atOnce, receivers.size()), now);
        }
        if (soak != null) {
            soak.start(now, measureFromNanos, measureUntilNanos);
        }
        phase = Phase.WARMUP; // becomes MEASURE at once if there is no warmup
    }

    /** Settles the counts; then, if there are silent clients, gives them time to show they were cut. */
    private void endRun(long now) {
        pacedReaders.readAll();
        drain.settle();
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
        wake = Math.min(wake, pacedReaders.nextWake());
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
            case DRAIN, LATE -> drain.nextWake();
            default -> phaseDeadline;
        };
    }
}
