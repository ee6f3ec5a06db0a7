package reactorchat.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;

/**
 * One thread of the simulator: a Selector over its share of the client sockets, and the run's
 * phases, which it goes through in step with the run's other loops ({@link ClientLoops}).
 * One pass: open the connections the ramp allows → send what the schedule (and any flooders) say
 * is due → let a soak start churn cycles and slow readers, and silent clients show they were cut →
 * move to the next phase when its time or condition has come → print the status line once a
 * second → select until the nearest of those deadlines.
 */
final class ClientLoop {
    /** READY: its setup is over, and it waits until every other loop's is too. */
    enum Phase { SETUP, READY, HOLD, WARMUP, MEASURE, DRAIN, LATE, CUT_CHECK, DONE }

    /** What one loop found, which {@link ClientLoops} adds up with the others'. */
    record Result(Tally tally, int receivers, int opened, long measuredNanos, double simulatorCpu, int silentCut,
                  int silentNotCut, Soak.Summary soak) {
    }

    private final SimOptions options;
    private final Share share;
    private final ClientLoops crew;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    /** Null over plain TCP. */
    private final SimTls tls;
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
    /** Null until the setup is over in every loop. */
    private Plan plan;
    /** Null until the setup is over, and in an idle run. */
    private Traffic traffic;
    /** Null until the last send. */
    private Drain drain;
    private long startNanos;
    private long phaseDeadline;

    /**
     * @param serverCpu the server's meter, which one loop reads for the run
     * @param reportOut where a soak prints its report lines
     * @param statusOut where the live status line goes once a second
     */
    ClientLoop(SimOptions options, Share share, ClientLoops crew, ServerCpu serverCpu, PrintStream reportOut,
               PrintStream statusOut) throws IOException {
        this.options = options;
        this.share = share;
        this.crew = crew;
        this.selector = Selector.open();
        this.tls = options.tls() == null ? null : new SimTls(options.tls(), options.target(), readBuffer.capacity());
        this.status = new StatusLine(statusOut, options, crew, share.index());
        this.silent = new SlowReaders(this, SimClient.Role.SILENT, 0, 0);
        this.soak = options.soak() == null ? null : new Soak(this, options, reportOut);
        this.roster = new Roster(tally, silent, soak);
        this.connector = new Connector(options, share, selector, this, tally, silent);
        this.serverCpu = serverCpu;
        this.pacedReaders = new PacedReaders(options.readIntervalNanos());
    }

    /** Runs every phase to the end, or until another loop fails; the calling thread is the loop. */
    Result run(long startNanos) throws IOException {
        this.startNanos = startNanos;
        phaseDeadline = startNanos + options.setupTimeoutNanos();
        try {
            while (phase != Phase.DONE && !crew.abandoned()) {
                long now = System.nanoTime();
                if (phase == Phase.SETUP) {
                    connector.openDue(now, startNanos);
                }
                if (traffic != null) {
                    traffic.sendDue(now, plan.measureFromNanos(), tally);
                }
                pacedReaders.readDue(now);
                if (soak != null) {
                    soak.tick(now);
                }
                silent.tick(now);
                advance(now);
                status.tick(now, phase, tally);
                select(now);
            }
        } finally {
            for (SelectionKey key : List.copyOf(selector.keys())) {
                ((SimClient) key.attachment()).close(null); // every client still open, whatever its role
            }
            selector.close();
        }
        return new Result(tally, roster.receivers().size(), Math.min(connector.setupClients().size(), share.clients()),
                plan == null ? 0 : plan.measureUntilNanos() - plan.measureFromNanos(), cpu.share(), silent.cut(),
                silent.notCut() + silent.pending(), soak == null ? null : soak.summary());
    }

    /** Wakes the loop from its select, from another thread. */
    void wakeup() {
        selector.wakeup();
    }

    SimDialect dialect() {
        return options.dialect();
    }

    Tally tally() {
        return tally;
    }

    InetSocketAddress target() {
        return options.target();
    }

    /** The loop's TLS, which its clients' {@link TlsLink}s share; null over plain TCP. */
    SimTls tls() {
        return tls;
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    Payload payloadReader() {
        return payloadReader;
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
        // Another loop may send as soon as the plan is made, before this loop has seen it.
        tally.delivered(sender >= options.senders(), plan().measures(intended), timed, receivedNanos - intended);
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
                    phase = Phase.READY;
                    begin(now);
                }
            }
            case READY -> begin(now);
            case HOLD -> phase = now >= phaseDeadline ? Phase.DONE : phase;
            case WARMUP -> {
                if (now >= plan.measureFromNanos()) {
                    phase = Phase.MEASURE;
                    cpu.start(now);
                    serverCpu.start();
                }
            }
            case MEASURE -> {
                if (now >= plan.measureUntilNanos()) {
                    cpu.stop(now);
                    serverCpu.stop();
                    phase = Phase.DRAIN;
                    drain = new Drain(now, options.flooders() > 0, traffic, tally, share.index(), crew.sendsOver(),
                            crew.drained());
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

    /**
     * Closes those that did not join, tells the receivers what to expect (before any loop sends),
     * and tells the other loops this one is ready.
     */
    private void endSetup(long now) {
        connector.closeUnjoined();
        roster.keepJoined();
        List<SimClient> receivers = roster.receivers();
        Traffic.expect(receivers, senders(), share.firstSender(), options.senders(), roster.flooders().size());
        crew.setupOver().arrive(share.index(), new Plan.Joined(receivers.size(), now));
    }

    /** Once every loop is ready: holds the connections (idle), or starts sending. */
    private void begin(long now) {
        if (plan() == null) {
            return;
        }
        List<SimClient> receivers = roster.receivers();
        if (plan.receivers() == 0) {
            phase = Phase.DONE;
            return;
        }
        if (options.idle()) {
            phase = Phase.HOLD;
            phaseDeadline = plan.sendFromNanos() + options.durationNanos();
            return;
        }
        traffic = new Traffic(receivers, senders(), share.firstSender(), roster.flooders(), plan, options, startNanos);
        int atOnce = senders() + share.probes();
        if (options.probes() > 0 && atOnce < receivers.size()) {
            pacedReaders.pace(receivers.subList(atOnce, receivers.size()), now);
        }
        if (soak != null) {
            soak.start(now, plan.measureFromNanos(), plan.measureUntilNanos());
        }
        phase = Phase.WARMUP; // becomes MEASURE at once if there is no warmup
    }

    /** This loop's senders: its share's, or fewer if fewer of its chatters joined. */
    private int senders() {
        return Math.min(share.senders(), roster.receivers().size());
    }

    /** The run's plan, once every loop is ready; null before. */
    private Plan plan() {
        if (plan == null) {
            plan = crew.setupOver().decision();
        }
        return plan;
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
        long wake = Math.min(status.nextTick(), phaseDeadlineFor());
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
            case SETUP -> connector.nextOpen(startNanos, phaseDeadline);
            case READY -> Long.MAX_VALUE; // the last loop to be ready wakes it
            case WARMUP -> plan.measureFromNanos();
            case MEASURE -> plan.measureUntilNanos();
            case DRAIN, LATE -> drain.nextWake();
            default -> phaseDeadline;
        };
    }
}
