package reactorchat.sim;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import reactorchat.cli.CommandLine;
import reactorchat.client.ClientTls;
import reactorchat.codec.HostPort;

/**
 * What {@code simulate} runs with, validated once.
 *
 * @param target       the server to load
 * @param dialect      how to speak to it
 * @param clients      connections to open
 * @param ramp         connections started per second
 * @param room         the room (channel) every client joins
 * @param senders      clients that send; every client receives
 * @param rate         messages per second per sender
 * @param size         bytes of message text (the header with sequence number and time included)
 * @param durationNanos how long messages are measured (in idle mode: how long connections are held)
 * @param warmupNanos  how long messages are sent before measuring starts
 * @param setupTimeoutNanos how long clients may take to connect and join before the run goes on without them
 * @param json         print one JSON object instead of a table
 * @param idle         only open, register and hold the connections
 * @param silent       clients besides {@code clients} that join and never read; each must be cut by the end
 * @param soak         what a soak run mixes in; null for an ordinary run
 * @param serverPid    the server's process, whose CPU the report gives; 0: the one listening on the target's port
 * @param probes       receivers besides the senders that read at once and give latency; 0: every receiver does
 * @param readIntervalNanos how often the other receivers read, when {@code probes} is above 0
 * @param threads      client loops, each on its own thread with its own share of the clients
 * @param tls          how the clients speak TLS to the server; null for plain TCP
 */
record SimOptions(InetSocketAddress target, SimDialect dialect, int clients, int ramp, String room, int senders,
                  double rate, int size, long durationNanos, long warmupNanos, long setupTimeoutNanos,
                  boolean json, boolean idle, int silent, SoakOptions soak, long serverPid, int probes,
                  long readIntervalNanos, int threads, ClientTls tls) {

    static final String USAGE = """
            usage: java -jar reactor-chat.jar simulate --target HOST:PORT [options]

            Opens many connections from one thread (or --threads), has some of them send on a fixed
            schedule, and checks that every client receives every message in order; reports latency
            and loss.
            Exit status: 0 clean, 3 if anything was lost, late, duplicated, reordered or
            disconnected, 2 for bad options, 1 if the run could not start. Late: came after the
            5 s drain, while deliveries kept coming; lost: never came.

            options:
              --target HOST:PORT      the server (required)
              --dialect line|irc|ws   the protocol it speaks [line]; ws: the line dialect over a
                                      WebSocket to a web listener (GET /ws, reactor-chat.v1)
              --clients N             connections to open [100]
              --ramp N                connections started per second [1000]
              --room NAME             the room all clients join [lobby; #lobby for irc]
              --senders S             how many of the clients send [10]
              --rate R                messages per second per sender [10]
              --size B                bytes of text per message, at least 40 [64]
              --duration T            seconds of measured sending [10]
              --warmup W              seconds of sending before measuring [2]
              --setup-timeout T       seconds allowed for all clients to join [60]
              --idle N                open N connections, join, hold them for --duration, report
              --silent N              N more clients join and never read; each must be cut by the server [0]
              --probes N              only the senders and N more clients read at once and give the
                                      latency; the others read every --read-interval ms, as clients
                                      on real networks do, and are still checked for loss and order.
                                      Spares the simulator's core [0: every client reads at once]
              --read-interval MS      how often the clients that are not probes read, at most 1000 [20]
              --threads N             run the clients on N threads (at most 64, and no more than
                                      --clients), each with its own selector and an even share of
                                      the clients, senders and probes, for machines with more
                                      cores; one report for all [1]
              --server-pid PID        the server's process, for its CPU per delivery in the report
                                      [the process listening on the target's port, if on this machine]
              --json                  print one JSON object instead of the table
              --help                  show this help

            TLS, to a DIALECT+tls listener (with ws: wss, to web+tls), each client with its own
            engine on the client loop's thread:
              --tls                   speak TLS; the server's certificate must be trusted by the
                                      JDK's trust store and name the --target host
              --tls-ca FILE           trust the certificates in this PEM file instead; implies --tls
              --insecure              trust any certificate; implies --tls

            attacks: simulate --attack frame-prefix|held-input|chat-state|burst|mix [options]
            attacks the server while a probe user measures its round trip (simulate --attack --help)

            soak: a long run that mixes the chatters above with churn, slow readers and flooders,
            prints a report line every --report-every seconds (a JSON line with --json), and fails
            if a chatter lost anything or the server's heap or descriptors grew past a tolerance
            from after the warm-up to the end.
              --soak MINUTES          run this long after the warm-up (decimals allowed) [off]
              --churn R               connect/register/chat/leave cycles per second; each leaves by
                                      /quit, by a reset or by a half-close, in turn [5]
              --slow N                clients at a time that join and stop reading [5]
              --slow-silence T        seconds a slow reader keeps silent before it checks that the
                                      server cut it off; longer than the server takes to cut (with
                                      the OS-sized send buffer, up to 4 MiB on Linux, minutes) [180]
              --flooders N            clients sending bursts of 100 lines at once every 30 s into the
                                      room; every line must still reach every chatter [2]
              --metrics HOST:PORT     the server's http listener: its heap and open descriptors are
                                      sampled every second and checked for drift [none]
              --report-every T        seconds between report lines [30]
              --heap-tolerance MB     allowed rise of the server's heap floor [64]
              --fd-tolerance N        allowed rise of the server's open descriptors [25]
            """;

    static final int MIN_SIZE = 40;
    /** Well within the drain's 5 s, so that a reader that reads only now and then still reads what the run sent. */
    static final int MAX_READ_INTERVAL_MILLIS = 1000;
    /** IRC lines are at most 512 bytes with CRLF; the PRIVMSG command and channel take the rest. */
    static final int MAX_IRC_SIZE = 400;
    static final int MAX_SIZE = 60_000;
    /** Far more than the cores a load generator gets; each thread is a selector and its share of the clients. */
    static final int MAX_THREADS = 64;

    private static final Function<String, CommandLine.Flag> FLAGS = CommandLine.table("target HOST:PORT",
            "dialect line|irc", "clients N", "ramp N", "room NAME", "senders S", "rate R", "size B", "duration T",
            "warmup W", "setup-timeout T", "idle N", "silent N", "probes N", "read-interval MS", "server-pid PID",
            "threads N", "json", "soak MINUTES", "tls", "tls-ca FILE", "insecure");

    /** Parses {@code simulate}'s arguments. @throws IllegalArgumentException saying what is wrong */
    static SimOptions parse(List<String> args) {
        CommandLine<CommandLine.Flag> parsed = CommandLine.parse(args, key -> {
            CommandLine.Flag own = FLAGS.apply(key);
            return own != null ? own : SoakOptions.FLAGS.apply(key);
        }, 0, "simulate --help");
        String target = null;
        SimDialect dialect = SimDialect.LINE;
        int clients = 100;
        int ramp = 1000;
        String room = null;
        int senders = 10;
        double rate = 10;
        int size = 64;
        double duration = 10;
        double warmup = 2;
        double setupTimeout = 60;
        boolean json = false;
        int idle = -1;
        int silent = 0;
        long serverPid = 0;
        int probes = 0;
        int readInterval = 20;
        int threads = 1;
        double soakMinutes = -1;
        boolean warmupGiven = false;
        boolean tls = false;
        boolean insecure = false;
        Path caFile = null;
        SoakOptions.Draft soakDraft = new SoakOptions.Draft();
        for (CommandLine.Given<CommandLine.Flag> flag : parsed.given()) {
            switch (flag.name()) {
                case "--target" -> target = flag.value();
                case "--dialect" -> dialect = SimDialect.named(flag.value());
                case "--clients" -> clients = flag.integer(1, 1_000_000);
                case "--ramp" -> ramp = flag.integer(1, 1_000_000);
                case "--room" -> room = flag.value();
                case "--senders" -> senders = flag.integer(0, 1_000_000);
                case "--rate" -> rate = flag.decimal(0.001, 1_000_000);
                case "--size" -> size = flag.integer(MIN_SIZE, MAX_SIZE);
                case "--duration" -> duration = flag.decimal(0.001, 86_400);
                case "--warmup" -> {
                    warmup = flag.decimal(0, 86_400);
                    warmupGiven = true;
                }
                case "--setup-timeout" -> setupTimeout = flag.decimal(0.001, 86_400);
                case "--idle" -> idle = flag.integer(1, 1_000_000);
                case "--silent" -> silent = flag.integer(0, 1_000_000);
                case "--server-pid" -> serverPid = flag.integer(1, Integer.MAX_VALUE);
                case "--probes" -> probes = flag.integer(0, 1_000_000);
                case "--read-interval" -> readInterval = flag.integer(1, MAX_READ_INTERVAL_MILLIS);
                case "--threads" -> threads = flag.integer(1, MAX_THREADS);
                case "--json" -> json = true;
                case "--soak" -> soakMinutes = flag.decimal(0.001, 100_000);
                case "--tls" -> tls = true;
                case "--tls-ca" -> caFile = Path.of(flag.value());
                case "--insecure" -> insecure = true;
                default -> soakDraft.take(flag);
            }
        }
        if (target == null) {
            throw new IllegalArgumentException("--target HOST:PORT is required (see simulate --help)");
        }
        if (idle > 0) {
            clients = idle;
            senders = 0;
        }
        SoakOptions soak = null;
        if (soakMinutes > 0) {
            if (idle > 0) {
                throw new IllegalArgumentException("--soak and --idle do not go together");
            }
            duration = soakMinutes * 60;
            warmup = warmupGiven ? warmup : SoakOptions.DEFAULT_WARMUP_SECONDS;
            soak = soakDraft.options();
        } else if (soakDraft.lastFlag() != null) {
            throw new IllegalArgumentException(soakDraft.lastFlag() + " goes with --soak (see simulate --help)");
        }
        if (threads > clients) {
            throw new IllegalArgumentException("--threads " + threads + " is more than the " + clients
                    + " clients: each thread needs one");
        }
        if (threads > 1 && soak != null) {
            throw new IllegalArgumentException("--threads goes with an ordinary or idle run, not with --soak");
        }
        if (senders > clients) {
            throw new IllegalArgumentException("--senders " + senders + " is more than --clients " + clients);
        }
        if (dialect == SimDialect.IRC && size > MAX_IRC_SIZE) {
            throw new IllegalArgumentException("--size must be at most " + MAX_IRC_SIZE + " for irc (512-byte lines)");
        }
        if (insecure && caFile != null) {
            throw new IllegalArgumentException("--insecure trusts any certificate: --tls-ca goes without it");
        }
        tls |= insecure || caFile != null;
        return new SimOptions(parseTarget(target), dialect, clients, ramp, dialect.room(room), senders, rate, size,
                nanos(duration), nanos(warmup), nanos(setupTimeout), json, idle > 0, silent, soak, serverPid,
                probes, TimeUnit.MILLISECONDS.toNanos(readInterval), threads,
                tls ? ClientTls.create(caFile, insecure) : null);
    }

    /** Clients opened before the run starts: chatters, then flooders, then silent ones. */
    /**
     * The cores the client loops can use at once: their number, or fewer if the process may run on
     * fewer (a simulator pinned to one core with taskset).
     */
    int cores() {
        return Math.min(threads, Runtime.getRuntime().availableProcessors());
    }

    int setupClients() {
        return clients + flooders() + silent;
    }

    int flooders() {
        return soak == null ? 0 : soak.flooders();
    }

    static InetSocketAddress parseTarget(String text) {
        return parseAddress("--target", text);
    }

    static InetSocketAddress parseAddress(String flag, String text) {
        InetSocketAddress named;
        try {
            named = HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + e.getMessage(), e);
        }
        InetSocketAddress address = new InetSocketAddress(named.getHostString(), named.getPort());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(flag + " host '" + named.getHostString() + "' cannot be resolved");
        }
        return address;
    }

    static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }
}
