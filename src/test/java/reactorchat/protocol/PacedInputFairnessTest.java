package reactorchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import reactorchat.chat.Chat;
import reactorchat.protocol.line.LineDialect;
import reactorchat.reactor.DrivenLoop;
import reactorchat.reactor.Limits;

/**
 * However large its flood budget, one connection has at most {@link PacedInput#MESSAGES_PER_PASS}
 * messages handled at a time, and every other connection's turn comes in between: the pass that
 * reads handles that many, then the other ready connections, then (with the pass's timers) that
 * many more; each later pass that many again. The rest waits in order, none lost.
 */
class PacedInputFairnessTest {
    private static final Limits LIMITS = new Limits(100, 0, 0, 0, 0, 0, 0, 0);
    private static final SessionOptions NO_FLOOD_CONTROL = new SessionOptions("", 30, new InputLimits(4096, 0, 1, 0));

    @Test
    void aReadOfManyLinesIsHandledAFewPerPass() throws Exception {
        Chat chat = new Chat(Clock.systemUTC());
        LineDialect dialect = new LineDialect(chat, ZoneOffset.UTC, NO_FLOOD_CONTROL);
        try (DrivenLoop loop = new DrivenLoop()) {
            DrivenLoop.Peer talker = loop.connect(dialect, LIMITS, "127.0.0.1", Long.MAX_VALUE);
            talker.received(); // the welcome
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                lines.append("line ").append(i).append('\n');
            }
            talker.send(lines.toString().getBytes(StandardCharsets.UTF_8));
            loop.pass();
            assertThat(said(talker)).as("lines handled in the pass that read them").hasSize(2 * PacedInput.MESSAGES_PER_PASS);
            int handled = 2 * PacedInput.MESSAGES_PER_PASS;
            for (int pass = 0; pass < 10 && handled < 100; pass++) {
                loop.pass();
                String[] more = said(talker);
                assertThat(more.length).isLessThanOrEqualTo(PacedInput.MESSAGES_PER_PASS);
                assertThat(more[0]).endsWith("line " + handled);
                handled += more.length;
            }
            assertThat(handled).isEqualTo(100);
        }
    }

    private static String[] said(DrivenLoop.Peer peer) {
        String text = new String(peer.received(), StandardCharsets.UTF_8);
        return text.isEmpty() ? new String[0] : text.split("\n");
    }
}
