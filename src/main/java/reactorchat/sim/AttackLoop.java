package reactorchat.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The attack run's one thread: a Selector over the probe's and every attacker's socket. Phases:
 * the probe joins → the attacks run for their duration → the attackers leave and the probe goes
 * on, while a new user must get its first round trip → the report. One pass: tick the probe and
 * the attacks, sample the server's /metrics once a second, print the status line, select until
 * the nearest deadline.
 */
final class AttackLoop {
    enum Phase { PROBE_SETUP, ATTACK, AFTER, DONE }

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** How long the probe, and the new user at the end, may take to join before that counts as no answer. */
    static final long JOIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final AttackOptions options;
    private final PrintStream status;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final Probe probe = new Probe("probe");
    private final Probe newcomer = new Probe("newcomer");
    private final List<Attack> attacks;
    private final ServerWatch watch;
    private Phase phase = Phase.PROBE_SETUP;
    private long phaseDeadline;
    private long afterStart;
    private long nextStatus;
    private int nextId;
    private String osLimit;
    /** The server's figures before, during and after the attack; null without --metrics. */
    private ServerWatch.Window before;
    private ServerWatch.Window during;

    AttackLoop(AttackOptions options, PrintStream status) throws IOException {
        this.options = options;
        this.status = status;
        this.selector = Selector.open();
        this.attacks = options.kind().attacks(this, options);
        this.watch = options.metrics() == null ? null : new ServerWatch(options.metrics());
    }

    AttackOptions options() {
        return options;
    }

    /** Runs every phase to the end and returns what happened; the calling thread is the loop. */
    AttackReport run() throws IOException {
        long start = System.nanoTime();
        phaseDeadline = start + JOIN_LIMIT_NANOS;
        nextStatus = start + SECOND;
        try {
            probe.open(this);
            while (phase != Phase.DONE) {
                long now = System.nanoTime();
                probe.tick(now);
                newcomer.tick(now);
                for (Attack attack : attacks) {
                    attack.tick(now);
                }
                if (watch != null) {
                    watch.tick(now);
                }
                advance(now);
                printStatus(now);
                select();
            }
        } finally {
            probe.close();
            newcomer.close();
            for (Attack attack : attacks) {
                for (Crowd crowd : attack.crowds()) {
                    crowd.closeAll(); // an attack that never started, or a run cut short by an error
                }
            }
            selector.close();
        }
        return new AttackReport(options, attacks, probe, newcomer, System.nanoTime(), osLimit,
                new AttackReport.Server(before, during, closeWindow(), watch == null ? null : watch.lastError()));
    }

    /**
     * Opens a connection handled by {@code handler}; a failure to connect is reported to it.
     * Null if the OS would not open another socket (the report says which limit).
     */
    AttackConn open(InetSocketAddress target, boolean lines, AttackConn.Handler handler) {
        try {
            return AttackConn.open(nextId++, selector, readBuffer, target, lines, handler);
        } catch (IOException e) {
            osLimit = OsLimits.advice(e, nextId, target);
            if (osLimit == null) {
                osLimit = "cannot open a socket: " + e.getMessage();
            }
            return null;
        }
    }

    /** Moves to the next phase when it is time. */
    private void advance(long now) {
        switch (phase) {
            case PROBE_SETUP -> {
                if (probe.joined()) {
                    before = closeWindow();
                    phase = Phase.ATTACK;
                    phaseDeadline = now + options.durationNanos();
                    for (Attack attack : attacks) {
                        attack.start(now, phaseDeadline);
                    }
                } else if (now >= phaseDeadline || probe.lostReason() != null) {
                    phase = Phase.DONE; // the report says the probe never joined
                }
            }
            case ATTACK -> {
                if (now >= phaseDeadline) {
                    for (Attack attack : attacks) {
                        attack.stop(now);
                    }
                    during = closeWindow();
                    probe.attackOver();
                    newcomer.attackOver();
                    newcomer.open(this);
                    afterStart = now;
                    phase = Phase.AFTER;
                }
            }
            case AFTER -> {
                boolean newcomerDone = newcomer.roundTrips() > 0 || newcomer.lostReason() != null
                        || now >= afterStart + JOIN_LIMIT_NANOS;
                if (now >= afterStart + options.afterNanos() && newcomerDone) {
                    phase = Phase.DONE;
                }
            }
            case DONE -> {
                // the loop ends
            }
        }
    }

    private ServerWatch.Window closeWindow() {
        return watch == null ? null : watch.closeWindow();
    }

    private void printStatus(long now) {
        if (now < nextStatus) {
            return;
        }
        nextStatus += SECOND * Math.max(1, (now - nextStatus) / SECOND + 1);
        int greeted = 0;
        int cut = 0;
        for (Attack attack : attacks) {
            for (Crowd crowd : attack.crowds()) {
                greeted += crowd.greeted();
                cut += crowd.cut();
            }
        }
        status.printf(Locale.ROOT, "simulate %-11s %-7s attackers in %,d cut %,d  probe worst %s ms%n",
                options.kind().label(), phase.name().toLowerCase(Locale.ROOT).replace('_', '-'), greeted, cut,
                Report.millis(probe.worst(now)));
        status.flush();
    }

    private void select() throws IOException {
        long wake = Math.min(nextStatus, Math.min(probe.nextWake(), newcomer.nextWake()));
        wake = Math.min(wake, phase != Phase.AFTER ? phaseDeadline
                : afterStart + (System.nanoTime() < afterStart + options.afterNanos() ? options.afterNanos() : JOIN_LIMIT_NANOS));
        if (watch != null) {
            wake = Math.min(wake, watch.nextWake());
        }
        for (Attack attack : attacks) {
            wake = Math.min(wake, attack.nextWake());
        }
        long nanos = wake - System.nanoTime();
        long millis = nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000; // rounded up, so as not to spin
        if (millis == 0) {
            selector.selectNow(key -> ((AttackConn) key.attachment()).handle(key.readyOps()));
        } else {
            selector.select(key -> ((AttackConn) key.attachment()).handle(key.readyOps()), millis);
        }
    }
}
