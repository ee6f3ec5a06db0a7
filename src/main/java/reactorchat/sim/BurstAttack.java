package reactorchat.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Not an attack by a hostile user but a test of fairness: many line users read one room as fast
 * as they can while one user sends bursts of the longest lines that flood control lets through
 * at once. Every reader should get every line; a reader cut or a line lost is a problem.
 */
final class BurstAttack implements Attack {
    static final String ROOM = "burst";
    private static final String MARK = "~burst ";
    /** Time left after the last burst for the readers to receive it before the count. */
    static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** The readers may take this long to join before bursts start without the rest. */
    static final long SETUP_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Crowd readers;
    private final Crowd sender;
    private final AttackOptions options;
    /** Per reader in the room: lines received, and lines sent before it joined. */
    private final Map<AttackConn, long[]> inRoom = new IdentityHashMap<>();
    private boolean senderIn;
    private long startNanos;
    private long lastBurstBefore;
    private long nextBurst = Long.MAX_VALUE;
    private int bursts;
    private long linesSent;
    private long lost = -1;

    BurstAttack(AttackLoop loop, AttackOptions options, int readerCount) {
        this.options = options;
        this.readers = new Crowd(loop, "readers", options.line(), readerCount, true, new Member(true));
        this.sender = new Crowd(loop, "sender", options.line(), 1, true, new Member(false));
    }

    @Override
    public AttackKind kind() {
        return AttackKind.BURST;
    }

    @Override
    public void start(long now, long endNanos) {
        startNanos = now;
        lastBurstBefore = endNanos - DRAIN_NANOS;
        readers.start(now);
        sender.start(now);
    }

    @Override
    public void tick(long now) {
        readers.openDue(now);
        sender.openDue(now);
        if (nextBurst == Long.MAX_VALUE && senderIn && (allReadersSettled() || now >= startNanos + SETUP_LIMIT_NANOS)) {
            nextBurst = now;
        }
        if (now >= nextBurst && now < lastBurstBefore && senderIn) {
            sender.members().get(0).send(burst());
            bursts++;
            nextBurst = now + options.burstEveryNanos();
        }
    }

    @Override
    public long nextWake() {
        long next = Math.min(readers.nextWake(), sender.nextWake());
        return nextBurst < lastBurstBefore ? Math.min(next, nextBurst) : next;
    }

    /** Counts the lines that readers still connected have not had, then closes everything. */
    @Override
    public void stop(long now) {
        if (lost < 0) {
            lost = 0;
            for (Map.Entry<AttackConn, long[]> reader : inRoom.entrySet()) {
                if (reader.getKey().isOpen()) {
                    lost += Math.max(0, linesSent - reader.getValue()[1] - reader.getValue()[0]);
                }
            }
        }
        readers.closeAll();
        sender.closeAll();
    }

    @Override
    public List<Crowd> crowds() {
        return List.of(readers, sender);
    }

    @Override
    public String detail() {
        return String.format(Locale.ROOT, "%,d readers in the room; %,d bursts of %,d lines x %,d bytes; "
                + "%,d lines lost by readers still connected", inRoom.size(), bursts, options.burstLines(),
                options.lineLength(), Math.max(0, lost));
    }

    @Override
    public void json(Json j) {
        j.field("readers_in_room", inRoom.size()).field("bursts", bursts).field("lines_sent", linesSent)
                .field("readers_cut", readers.cut()).field("lines_lost", Math.max(0, lost));
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (readers.cut() > 0) {
            problems.add(String.format(Locale.ROOT, "%,d burst readers cut", readers.cut()));
        }
        if (lost > 0) {
            problems.add(String.format(Locale.ROOT, "%,d burst lines lost", lost));
        }
        if (sender.cut() > 0) {
            problems.add("the burst sender was cut");
        }
        if (bursts == 0) {
            problems.add("no burst was sent (is --duration longer than the readers' setup and "
                    + DRAIN_NANOS / 1_000_000_000L + " s?)");
        }
        return problems;
    }

    private boolean allReadersSettled() {
        return inRoom.size() + readers.failed() + readers.cut() >= readers.size();
    }

    private byte[] burst() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < options.burstLines(); i++) {
            int start = lines.length();
            lines.append(MARK).append(linesSent++).append(' ');
            lines.append("x".repeat(Math.max(0, options.lineLength() - (lines.length() - start)))).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A line user in the room: a reader counts the burst lines it receives; the sender only joins. */
    private final class Member implements AttackConn.Handler {
        private final boolean reader;

        Member(boolean reader) {
            this.reader = reader;
        }

        @Override
        public void connected(AttackConn conn) {
            // the line dialect speaks first
        }

        @Override
        public void line(AttackConn conn, byte[] bytes, int offset, int length) {
            int code = SimDialect.LINE.classify(bytes, offset, length);
            if (code == SimDialect.REGISTERED) {
                conn.send("/join " + ROOM + "\n");
            } else if (code == SimDialect.JOINED) {
                if (reader) {
                    inRoom.putIfAbsent(conn, new long[] {0, linesSent});
                } else {
                    senderIn = true;
                }
            } else if (reader && code >= 0 && SimDialect.startsWith(bytes, offset + code, length - code, MARK)) {
                long[] counts = inRoom.get(conn);
                if (counts != null) {
                    counts[0]++;
                }
            }
        }

        @Override
        public void lost(AttackConn conn, String reason) {
            senderIn &= reader; // the crowd counts the cut; a reader's lines are not counted as lost
        }
    }
}
