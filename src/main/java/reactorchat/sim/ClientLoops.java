package reactorchat.sim;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The client loops of one run: one per --threads, each on its own thread (the first on the
 * calling one) with its own selector over its share of the clients. They keep in step at three
 * {@link Meeting}s: the end of the setup (sending starts once every loop is ready), the last send
 * (what every sender sent), and the end of the drain (whether any loop still misses messages, and
 * the furthest any receiver had got). What they found adds up to one report.
 */
final class ClientLoops {
    private final SimOptions options;
    private final List<ClientLoop> loops = new ArrayList<>();
    /** Read by the first loop alone: one server, one measured window. */
    private final ServerCpu serverCpu;
    private final Meeting<Plan.Joined, Plan> setupOver;
    private final Meeting<long[], long[]> sendsOver;
    private final Meeting<Drain.End, Drain.End> drained;
    /** Each loop's figures at its latest status tick, when there are several. */
    private final Tally[] latest;
    /** The first failure of a loop, after which the others stop too. */
    private Throwable failure;
    private volatile boolean abandoned;

    ClientLoops(SimOptions options, PrintStream reportOut, PrintStream statusOut) throws IOException {
        this.options = options;
        this.serverCpu = ServerCpu.find(options.target(), options.serverPid());
        int n = options.threads();
        this.setupOver = new Meeting<>(n, joined -> Plan.of(joined, options), this::wakeOthers);
        this.sendsOver = new Meeting<>(n, Traffic::allSent, this::wakeOthers);
        this.drained = new Meeting<>(n, Drain.End::of, this::wakeOthers);
        this.latest = new Tally[n];
        for (Share share : Share.of(options)) {
            loops.add(new ClientLoop(options, share, this, share.index() == 0 ? serverCpu : ServerCpu.NONE,
                    reportOut, statusOut));
        }
    }

    /** Runs every loop to its end and adds up what they found. */
    Report run() throws IOException {
        long startNanos = System.nanoTime(); // payloads are stamped from it: one for every loop
        ClientLoop.Result[] results = new ClientLoop.Result[loops.size()];
        List<Thread> threads = new ArrayList<>();
        for (int t = 1; t < loops.size(); t++) {
            int loop = t;
            Thread thread = new Thread(() -> results[loop] = run(loop, startNanos), "simulate-loop-" + loop);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        results[0] = run(0, startNanos);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                abandoned = true;
                wakeOthers(-1);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the client loops ran");
            }
        }
        rethrowFailure();
        return report(results);
    }

    Meeting<Plan.Joined, Plan> setupOver() {
        return setupOver;
    }

    Meeting<long[], long[]> sendsOver() {
        return sendsOver;
    }

    Meeting<Drain.End, Drain.End> drained() {
        return drained;
    }

    /** Whether a loop failed, so that the others must stop. */
    boolean abandoned() {
        return abandoned;
    }

    /**
     * What loop {@code loop}'s status line shows: its own figures when it is the only loop; else,
     * as one line is printed for all, the sum of every loop's latest to the first loop and null to
     * the others.
     */
    synchronized Tally statusFigures(int loop, Tally own) {
        if (latest.length == 1) {
            return own;
        }
        latest[loop] = new Tally();
        latest[loop].add(own);
        if (loop != 0) {
            return null;
        }
        Tally sum = new Tally();
        for (Tally figures : latest) {
            if (figures != null) {
                sum.add(figures);
            }
        }
        return sum;
    }

    private ClientLoop.Result run(int loop, long startNanos) {
        try {
            return loops.get(loop).run(startNanos);
        } catch (IOException | RuntimeException | Error e) {
            abandon(e);
            return null;
        }
    }

    private synchronized void abandon(Throwable e) {
        if (failure == null) {
            failure = e;
        }
        abandoned = true;
        wakeOthers(-1);
    }

    private synchronized void rethrowFailure() throws IOException {
        if (failure instanceof IOException e) {
            throw e;
        } else if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure != null) {
            throw (Error) failure;
        }
    }

    private void wakeOthers(int except) {
        for (int t = 0; t < loops.size(); t++) {
            if (t != except) {
                loops.get(t).wakeup();
            }
        }
    }

    private Report report(ClientLoop.Result[] results) {
        Tally tally = new Tally();
        int receivers = 0;
        int opened = 0;
        int silentCut = 0;
        int silentNotCut = 0;
        for (ClientLoop.Result result : results) {
            tally.add(result.tally());
            receivers += result.receivers();
            opened += result.opened();
            silentCut += result.silentCut();
            silentNotCut += result.silentNotCut();
        }
        ClientLoop.Result first = results[0]; // the one that measured the window and the CPU
        return Report.of(options, tally, receivers, opened, first.measuredNanos(), first.simulatorCpu(), serverCpu,
                silentCut, silentNotCut, first.soak());
    }
}
