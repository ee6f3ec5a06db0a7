package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

import reactorchat.chat.Chat;
import reactorchat.protocol.PasswordChecks;
import reactorchat.protocol.PasswordHash;
import reactorchat.protocol.line.LineDialect;
import reactorchat.reactor.DrivenLoop;
import reactorchat.testing.PeerScript;
import reactorchat.testing.ReceivedLines;

/**
 * Fuzz targets for the irc dialect: its parser, and its sessions driven through the real loop and
 * chat without sockets ({@link DrivenLoop}). A plain test run replays the seeds in
 * src/test/resources; a fuzzing run is {@code JAZZER_FUZZ=1 mvn test -Dtest='IrcFuzzTest#NAME'}.
 */
class IrcFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);
    /** An operator login, so that OPER, KILL and WALLOPS can be reached; no timers, as none fire within a run. */
    private static final IrcOptions OPTIONS = new IrcOptions("irc.test", "fuzzing", "", Map.of("root", PasswordHash.of("secret".toCharArray(), new SecureRandom())),
            List.of("welcome"), 0, 60, 0);

    /** Any text parses to nothing or to a well-formed message: no NUL or CR, at most 15 parameters. */
    @FuzzTest
    void parseGivesWellFormedMessages(byte[] bytes) {
        IrcMessage message = IrcMessage.parse(new String(bytes, StandardCharsets.UTF_8));
        if (message == null) {
            return;
        }
        assertThat(message.command()).isNotEmpty().doesNotContain(" ");
        assertThat(message.params()).hasSizeLessThanOrEqualTo(IrcMessage.MAX_PARAMS);
        for (int i = 0; i < message.size(); i++) {
            String param = message.param(i);
            assertThat(param).doesNotContain("\0").doesNotContain("\r");
            if (i < message.size() - 1) {
                assertThat(param).as("a middle parameter").isNotEmpty().doesNotContain(" ");
            }
        }
    }

    /**
     * Three IRC clients and one line user in one chat send any bytes, read slowly or not at all,
     * close, go idle or see a shutdown: no handler throws, every IRC line is at most 512 bytes with
     * its CRLF and holds no NUL, CR or LF, every line-dialect line is clean, queues stay within
     * their limits, the chat's users and rooms agree, and when all have gone nothing is left.
     */
    @FuzzTest(maxDuration = "6h", maxExecutions = 10_000_000)
    void sessionsSurviveAnyBytes(byte[] input) throws IOException {
        PeerScript script = new PeerScript(input);
        Chat chat = new Chat(CLOCK);
        LineDialect line = new LineDialect(chat, ZoneOffset.UTC, script.session());
        List<ReceivedLines> received = new ArrayList<>();
        try (DrivenLoop loop = new DrivenLoop(); PasswordChecks checks = new PasswordChecks()) {
            IrcDialect irc = new IrcDialect(chat, CLOCK, OPTIONS, script.session(), checks, "fuzz");
            for (int i = 0; i < PeerScript.PEERS; i++) {
                boolean last = i == PeerScript.PEERS - 1;
                loop.connect(last ? line : irc, script.limits(), "127.0.0." + (i + 1), script.peerReads(i));
                received.add(new ReceivedLines(last ? ReceivedLines.Rule.LINE : ReceivedLines.Rule.IRC,
                        script.inputLimits().maxLineBytes()));
            }
            script.playInChat(loop, chat, () -> ReceivedLines.checkStep(loop, received));
        }
        assertThat(chat.users()).isEmpty();
        assertThat(chat.rooms()).isEmpty();
    }
}
