package reactorchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import reactorchat.chat.Chat;
import reactorchat.chat.Recipient;
import reactorchat.protocol.irc.IrcDialect;
import reactorchat.protocol.irc.IrcOptions;
import reactorchat.protocol.line.LineDialect;
import reactorchat.reactor.DrivenLoop;
import reactorchat.reactor.Limits;

/**
 * A listing costs its connection's flood budget one line per {@link CommandCost#ENTRIES_PER_UNIT}
 * entries on top of one: with a budget of 8 lines at once (burst 7) at 1 line a second, a WHO of
 * a 300-member room costs 4, so the second in a read spends the budget and reading pauses after it,
 * a second away; a WHO of a small room costs one line, as any line does.
 */
class CommandCostTest {
    private static final Limits LIMITS = new Limits(100, 0, 0, 0, 0, 0, 0, 0);
    /** 1 line a second, 7 ahead of it: the burst is spent long before the rate refills any of it. */
    private static final SessionOptions SLOW_FLOOD = new SessionOptions("", 30, new InputLimits(4096, 1, 7, 0));
    private static final Recipient NOBODY = (event, shared) -> { };
    private static final IrcOptions IRC = new IrcOptions("irc.test", "costs", "", Map.of(), List.of("welcome"), 0, 60, 0);

    private final Chat chat = new Chat(Clock.systemUTC());

    @Test
    void aLineUsersWhoOfABigRoomCostsALineForEachHundredMembers() throws Exception {
        fill("lobby", 299); // the talker makes 300
        assertThat(lineAnswers("/who\n", 5, "* 300 users in lobby: ")).isEqualTo(2);
    }

    @Test
    void aLineUsersWhoOfASmallRoomCostsOneLine() throws Exception {
        fill("small", 5);
        assertThat(lineAnswers("/who small\n", 8, "* 5 users in small: ")).isEqualTo(8);
    }

    /** How many of {@code times} copies of {@code command}, sent in one read, a line user gets answered at once. */
    private long lineAnswers(String command, int times, String answer) throws Exception {
        try (DrivenLoop loop = new DrivenLoop()) {
            DrivenLoop.Peer talker = loop.connect(new LineDialect(chat, ZoneOffset.UTC, SLOW_FLOOD),
                    LIMITS, "127.0.0.1", Long.MAX_VALUE);
            talker.received(); // the welcome
            talker.send(command.repeat(times).getBytes(StandardCharsets.UTF_8));
            return count(drain(loop, talker), answer);
        }
    }

    @Test
    void anIrcWhoAndNamesOfABigChannelCostALineForEachHundredMembers() throws Exception {
        fill("big", 300);
        try (DrivenLoop loop = new DrivenLoop(); PasswordChecks checks = new PasswordChecks()) {
            IrcDialect irc = new IrcDialect(chat, Clock.systemUTC(), IRC, SLOW_FLOOD, checks, "test");
            DrivenLoop.Peer talker = loop.connect(irc, LIMITS, "127.0.0.1", Long.MAX_VALUE);
            talker.send("NICK talker\r\nUSER t 0 * :Talker\r\n".getBytes(StandardCharsets.UTF_8)); // 2 of the 8
            loop.pass();
            talker.received();
            talker.send("WHO #big\r\nNAMES #big\r\nWHO #big\r\n".getBytes(StandardCharsets.UTF_8));
            String answers = drain(loop, talker); // the pause after NAMES is 3 s: no timer is due meanwhile
            assertThat(count(answers, " 315 talker #big ")).as("WHO answered").isEqualTo(1);
            assertThat(count(answers, " 366 talker #big ")).as("NAMES answered, then the budget is spent").isEqualTo(1);
        }
    }

    /** {@code members} users who only listen, in {@code room}. */
    private void fill(String room, int members) {
        for (int i = 0; i < members; i++) {
            chat.join(chat.connect(NOBODY, "h"), room);
        }
    }

    /**
     * All the peer receives: a pass writes at most 64 buffers to a connection, and a WHO of 300 is
     * 300 lines, so the rest goes out as the peer reads on. Only timers already due run meanwhile.
     */
    private static String drain(DrivenLoop loop, DrivenLoop.Peer peer) {
        loop.pass();
        while (peer.read(1 << 20) > 0) {
            loop.pass();
        }
        return new String(peer.received(), StandardCharsets.UTF_8);
    }

    private static long count(String received, String fragment) {
        return received.lines().filter(line -> line.contains(fragment)).count();
    }
}
