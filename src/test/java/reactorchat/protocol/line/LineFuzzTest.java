package reactorchat.protocol.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import reactorchat.chat.Chat;
import reactorchat.reactor.DrivenLoop;
import reactorchat.testing.PeerScript;
import reactorchat.testing.ReceivedLines;

/**
 * Fuzz target for the line dialect's sessions, driven through the real loop and chat without
 * sockets ({@link DrivenLoop}). A plain test run replays the seeds in src/test/resources; a fuzzing
 * run is {@code JAZZER_FUZZ=1 mvn test -Dtest=LineFuzzTest}.
 */
class LineFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);

    /**
     * Four users in one chat send any bytes, read slowly or not at all, close, go idle or see a
     * shutdown: no handler throws, every line anyone gets is clean text ending in LF, queues stay
     * within their limits, the chat's users and rooms agree (checked before and after everyone
     * leaves), and when all have gone nothing is left.
     */
    @FuzzTest(maxDuration = "6h", maxExecutions = 10_000_000)
    void sessionsSurviveAnyBytes(byte[] input) throws IOException {
        PeerScript script = new PeerScript(input);
        Chat chat = new Chat(CLOCK);
        LineDialect dialect = new LineDialect(chat, ZoneOffset.UTC, script.session());
        List<ReceivedLines> received = new ArrayList<>();
        try (DrivenLoop loop = new DrivenLoop()) {
            for (int i = 0; i < PeerScript.PEERS; i++) {
                loop.connect(dialect, script.limits(), "127.0.0." + (i + 1), script.peerReads(i));
                received.add(new ReceivedLines(ReceivedLines.Rule.LINE, script.inputLimits().maxLineBytes()));
            }
            script.playInChat(loop, chat, () -> ReceivedLines.checkStep(loop, received));
        }
        assertThat(chat.users()).isEmpty();
        assertThat(chat.rooms()).isEmpty();
    }
}
