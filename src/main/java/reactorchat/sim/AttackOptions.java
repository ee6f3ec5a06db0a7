package reactorchat.sim;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;

import reactorchat.cli.CommandLine;

/**
 * What {@code simulate --attack} runs with, validated once.
 *
 * @param kind            the attack
 * @param line            the line listener: the probe's, and that of held-input and burst
 * @param irc             the irc listener, for chat-state
 * @param frame           the frame listener, for frame-prefix
 * @param metrics         the http listener whose /metrics is sampled; null if none
 * @param connections     attacking connections (in a mix, shared out among the attacks)
 * @param durationNanos   how long the attack lasts from when the probe has joined
 * @param afterNanos      how long the probe goes on after the attackers have left
 * @param ramp            connections opened per second
 * @param frameLength     the frame length a frame-prefix attacker declares
 * @param heldBytes       what a held-input attacker sends at once
 * @param closeAfterSend  held-input attackers close as soon as their input is sent
 * @param rate            lines per second each chat-state attacker sends
 * @param readers         the burst's readers (in a mix, a share of the connections instead)
 * @param burstLines      lines in one burst
 * @param lineLength      bytes of each burst line, newline excluded
 * @param burstEveryNanos time from one burst to the next
 * @param json            print one JSON object instead of the table
 */
record AttackOptions(AttackKind kind, InetSocketAddress line, InetSocketAddress irc, InetSocketAddress frame,
                     InetSocketAddress metrics, int connections, long durationNanos, long afterNanos, int ramp,
                     int frameLength, int heldBytes, boolean closeAfterSend, double rate, int readers,
                     int burstLines, int lineLength, long burstEveryNanos, boolean json) {

    static final String USAGE = """
            usage: java -jar reactor-chat.jar simulate --attack NAME [options]

            Attacks a server from many loopback connections while a probe (a line user in a room of
            its own) measures its round trip every 100 ms; then the attackers leave, the probe goes
            on, and a new user must get an answer. Problems: a probe round trip of a second or more,
            the probe cut, no answer at the end, and for burst any reader cut or line lost.
            Exit status: 0 clean, 3 problems, 2 bad options, 1 the run could not start.

            attacks:
              frame-prefix   frame connections each send a length prefix of --frame-length, then nothing
              held-input     line connections each send --held-bytes of short lines at once, far past
                             flood control, then stay (or close at once with --close-after-send)
              chat-state     irc users each join up to 50 channels they create and fill them at --rate:
                             an away text, topics and ban/except/invite lists, all of the longest allowed
              burst          --readers line users read one room while one user sends --burst-lines lines
                             of --line-length bytes at once, every --burst-every seconds
              mix            all four at once, each with a quarter of --connections (readers too)

            options:
              --line HOST:PORT       the line listener: probe, held-input, burst [127.0.0.1:7000]
              --irc HOST:PORT        the irc listener: chat-state [127.0.0.1:6667]
              --frame HOST:PORT      the frame listener: frame-prefix [127.0.0.1:7001]
              --metrics HOST:PORT    the http listener: report the server's heap and client memory [none]
              --connections N        attacking connections [500]
              --duration T           seconds of attack, from when the probe has joined [20]
              --after T              seconds the probe goes on after the attackers left [3]
              --ramp N               connections opened per second [1000]
              --frame-length B       frame-prefix: the length declared, at most the server's --max-frame [131072]
              --held-bytes B         held-input: bytes of lines each sends at once [65536]
              --close-after-send     held-input: close right after sending
              --rate R               chat-state: lines per second per user, under --flood-rate [9]
              --readers N            burst: readers in the room [300]
              --burst-lines N        burst: lines per burst, at most --flood-burst [20]
              --line-length B        burst: bytes per line, under --max-line [4000]
              --burst-every T        burst: seconds between bursts, enough to refill the flood budget [3]
              --json                 print one JSON object instead of the table
            """;

    static final int MIN_LINE_LENGTH = 40;

    /** True if these are an attack's arguments rather than an ordinary run's. */
    static boolean wanted(List<String> args) {
        return args.stream().anyMatch(arg -> arg.equals("--attack") || arg.startsWith("--attack="));
    }

    private static final Function<String, CommandLine.Flag> FLAGS = CommandLine.table("attack NAME", "line HOST:PORT",
            "irc HOST:PORT", "frame HOST:PORT", "metrics HOST:PORT", "connections N", "duration T", "after T", "ramp N",
            "frame-length B", "held-bytes B", "close-after-send", "rate R", "readers N", "burst-lines N",
            "line-length B", "burst-every T", "json");

    /** Parses {@code simulate --attack}'s arguments. @throws IllegalArgumentException saying what is wrong */
    static AttackOptions parse(List<String> args) {
        CommandLine<CommandLine.Flag> parsed = CommandLine.parse(args, FLAGS, 0, "simulate --attack --help");
        AttackKind kind = null;
        String line = "127.0.0.1:7000";
        String irc = "127.0.0.1:6667";
        String frame = "127.0.0.1:7001";
        String metrics = null;
        int connections = 500;
        double duration = 20;
        double after = 3;
        int ramp = 1000;
        int frameLength = 131_072;
        int heldBytes = 65_536;
        boolean closeAfterSend = false;
        double rate = 9;
        int readers = 300;
        int burstLines = 20;
        int lineLength = 4000;
        double burstEvery = 3;
        boolean json = false;
        for (CommandLine.Given<CommandLine.Flag> flag : parsed.given()) {
            switch (flag.name()) {
                case "--attack" -> kind = AttackKind.named(flag.value());
                case "--line" -> line = flag.value();
                case "--irc" -> irc = flag.value();
                case "--frame" -> frame = flag.value();
                case "--metrics" -> metrics = flag.value();
                case "--connections" -> connections = flag.integer(1, 1_000_000);
                case "--duration" -> duration = flag.decimal(0.1, 86_400);
                case "--after" -> after = flag.decimal(0, 3_600);
                case "--ramp" -> ramp = flag.integer(1, 1_000_000);
                case "--frame-length" -> frameLength = flag.integer(4, Integer.MAX_VALUE - 4);
                case "--held-bytes" -> heldBytes = flag.integer(1, 64 << 20);
                case "--close-after-send" -> closeAfterSend = true;
                case "--rate" -> rate = flag.decimal(0.01, 1_000);
                case "--readers" -> readers = flag.integer(1, 1_000_000);
                case "--burst-lines" -> burstLines = flag.integer(1, 100_000);
                case "--line-length" -> lineLength = flag.integer(MIN_LINE_LENGTH, 16 << 20);
                case "--burst-every" -> burstEvery = flag.decimal(0.01, 86_400);
                case "--json" -> json = true;
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException("--attack needs one of " + AttackKind.names());
        }
        return new AttackOptions(kind, address("--line", line), address("--irc", irc), address("--frame", frame),
                metrics == null ? null : address("--metrics", metrics), connections, SimOptions.nanos(duration),
                SimOptions.nanos(after), ramp, frameLength, heldBytes, closeAfterSend, rate, readers, burstLines,
                lineLength, SimOptions.nanos(burstEvery), json);
    }

    private static InetSocketAddress address(String flag, String text) {
        return SimOptions.parseAddress(flag, text);
    }
}
