package reactorchat.sim;

import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * IRC users that make the server hold all the chat state one user may: an away text, then up to
 * {@link #CHANNELS} channels of their own with the longest topic, then their ban, except and
 * invite lists filled with long masks, four to a MODE line. Each user sends at {@code --rate},
 * under flood control, so nothing here is refused for flooding: every byte held is allowed.
 */
final class ChatStateAttack extends CrowdAttack {
    /** The server's CHANLIMIT, AWAYLEN, TOPICLEN, MAXLIST and MODES, as it announces them. */
    static final int CHANNELS = 50;
    static final int AWAY_LENGTH = 200;
    static final int TOPIC_LENGTH = 390;
    static final int MASKS_PER_LIST = 100;
    static final int MODES_PER_LINE = 4;
    /** Longest names: a channel of 32 characters after the #, a nick of 32. */
    static final int NAME_LENGTH = 32;
    /** Masks as long as four fit in a 512-byte line with the MODE command and a longest channel. */
    static final int MASK_LENGTH = 110;
    private static final String LISTS = "beI";
    private static final int LINES_PER_LIST = MASKS_PER_LIST / MODES_PER_LINE;
    private static final int STEPS = 1 + 2 * CHANNELS + CHANNELS * LISTS.length() * LINES_PER_LIST;
    /** Lines due this soon are sent in the same pass, so the loop wakes tens of times a second, not thousands. */
    private static final long SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final long everyNanos;
    private final Map<AttackConn, Member> members = new IdentityHashMap<>();
    private long linesSent;
    private long refusals;
    private int registered;

    /** One user's place in its script. */
    private static final class Member {
        int step;
        long due = Long.MAX_VALUE;
    }

    ChatStateAttack(AttackLoop loop, AttackOptions options, int connections) {
        super(AttackKind.CHAT_STATE, loop, "irc users", options.irc(), connections, true);
        this.everyNanos = (long) (1e9 / options.rate());
    }

    @Override
    public void tick(long now) {
        super.tick(now);
        // A send can find the connection lost, which removes it from the map: walk a copy.
        for (AttackConn conn : List.copyOf(members.keySet())) {
            Member member = members.get(conn);
            if (member == null) {
                continue;
            }
            member.due = Math.max(member.due, now - everyNanos); // a late loop must not make a user flood
            while (member.due <= now + SLACK_NANOS && member.step < STEPS && conn.isOpen()) {
                conn.send(line(conn.id, member.step++));
                member.due += everyNanos;
                linesSent++;
            }
        }
    }

    @Override
    public long nextWake() {
        long next = super.nextWake();
        for (Member member : members.values()) {
            if (member.step < STEPS) {
                next = Math.min(next, member.due);
            }
        }
        return next;
    }

    @Override
    public String detail() {
        return String.format(Locale.ROOT, "%,d registered and sent %,d lines (%,d each at most), %,d refused by the server",
                registered, linesSent, STEPS, refusals);
    }

    @Override
    public void json(Json j) {
        j.field("registered", registered).field("lines_sent", linesSent).field("refused", refusals);
    }

    @Override
    public void connected(AttackConn conn) {
        String nick = pad("cs" + conn.id + "n", NAME_LENGTH, 'n');
        conn.send("NICK " + nick + "\r\nUSER " + nick + " 0 * :" + pad("", 50, 'r') + "\r\n");
        members.put(conn, new Member());
    }

    @Override
    public void line(AttackConn conn, byte[] bytes, int offset, int length) {
        switch (SimDialect.IRC.classify(bytes, offset, length)) {
            case SimDialect.REGISTERED -> {
                registered++;
                members.get(conn).due = System.nanoTime();
            }
            case SimDialect.PING -> conn.send(SimDialect.pong(bytes, offset, length));
            case SimDialect.ERROR, SimDialect.NICK_REFUSED -> refusals += isNoMotd(bytes, offset, length) ? 0 : 1;
            default -> {
                // echoes of its own commands
            }
        }
    }

    @Override
    public void lost(AttackConn conn, String reason) {
        members.remove(conn);
    }

    /** ERR_NOMOTD comes with every registration to a server without a MOTD: not a refusal. */
    private static boolean isNoMotd(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, Math.min(length, 80), StandardCharsets.UTF_8).contains(" 422 ");
    }

    /** Line {@code step} of user {@code id}'s script: away, then join and topic per channel, then list entries. */
    static String line(int id, int step) {
        if (step == 0) {
            return "AWAY :" + pad("", AWAY_LENGTH, 'a') + "\r\n";
        }
        int s = step - 1;
        if (s < 2 * CHANNELS) {
            String channel = channel(id, s / 2);
            return s % 2 == 0 ? "JOIN " + channel + "\r\n" : "TOPIC " + channel + " :" + pad("", TOPIC_LENGTH, 't') + "\r\n";
        }
        s -= 2 * CHANNELS;
        int perChannel = LISTS.length() * LINES_PER_LIST;
        int channel = s / perChannel;
        char list = LISTS.charAt(s % perChannel / LINES_PER_LIST);
        int first = s % LINES_PER_LIST * MODES_PER_LINE;
        StringBuilder line = new StringBuilder("MODE ").append(channel(id, channel)).append(" +")
                .append(String.valueOf(list).repeat(MODES_PER_LINE));
        for (int m = first; m < first + MODES_PER_LINE; m++) {
            line.append(' ').append(pad(list + "m" + m + "!u@h", MASK_LENGTH, 'h'));
        }
        return line.append("\r\n").toString();
    }

    private static String channel(int id, int index) {
        return "#" + pad("cs" + id + "-" + index + "-", NAME_LENGTH, 'c');
    }

    private static String pad(String text, int length, char with) {
        return text + String.valueOf(with).repeat(Math.max(0, length - text.length()));
    }
}
