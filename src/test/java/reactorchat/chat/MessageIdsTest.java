package reactorchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MessageIdsTest {
    @Test
    void idsOfOneRunAreDistinctShortAndSafeInEveryDialect() {
        MessageIds ids = new MessageIds();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = ids.next();
            assertThat(id).matches("[a-z2-7]{14,20}");
            assertThat(seen.add(id)).as("id %s given twice", id).isTrue();
        }
    }

    @Test
    void runsWithDifferentPrefixesNeverShareAnId() {
        MessageIds first = new MessageIds(1);
        MessageIds second = new MessageIds(2);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            seen.add(first.next());
        }
        for (int i = 0; i < 1_000; i++) {
            assertThat(seen).doesNotContain(second.next());
        }
    }

    @Test
    void theRandomPrefixDiffersBetweenRuns() {
        assertThat(new MessageIds().next()).isNotEqualTo(new MessageIds().next());
    }
}
