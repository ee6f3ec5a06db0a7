package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the irc dialect's parser. A plain test run replays the seeds in
 * src/test/resources; a fuzzing run is {@code JAZZER_FUZZ=1 mvn test -Dtest=IrcFuzzTest}.
 */
class IrcFuzzTest {
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
}
