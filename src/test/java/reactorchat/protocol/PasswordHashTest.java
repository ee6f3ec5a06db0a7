package reactorchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void theWrittenHashReadsBackAndChecksThePasswordAlone() {
        PasswordHash hash = PasswordHash.of("correct horse".toCharArray(), RANDOM);
        String written = hash.encoded();
        assertThat(written).matches("pbkdf2-sha256\\$210000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}")
                .doesNotContain("correct horse");
        PasswordHash read = PasswordHash.parse(written);
        assertThat(read).isEqualTo(hash);
        assertThat(read.matches("correct horse")).isTrue();
        assertThat(read.matches("correct hors")).isFalse();
        assertThat(read.matches("")).isFalse();
    }

    @Test
    void itsOwnTextShowsNeitherSaltNorHash() {
        PasswordHash hash = PasswordHash.of("correct horse".toCharArray(), RANDOM);
        String[] parts = hash.encoded().split("\\$");
        assertThat(hash.toString()).startsWith("pbkdf2-sha256$210000$").doesNotContain(parts[2]).doesNotContain(parts[3]);
    }

    @Test
    void theSameGoodPasswordHashesDifferentlyEachTime() {
        assertThat(PasswordHash.of("same".toCharArray(), RANDOM).encoded())
                .isNotEqualTo(PasswordHash.of("same".toCharArray(), RANDOM).encoded());
    }

    @Test
    void somethingElseIsRefusedWithoutBeingRepeated() {
        for (String text : new String[] {"hunter2", "pbkdf2-sha256$hunter2$AAAA$BBBB", "pbkdf2-sha256$9$AAAAAAAAAAA$AAAA",
                "md5$210000$AAAAAAAAAAA$AAAA", "pbkdf2-sha256$210000$!!hunter2!!$AAAA"}) {
            assertThatThrownBy(() -> PasswordHash.parse(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("is not a").hasMessageNotContaining("hunter2");
        }
    }
}
