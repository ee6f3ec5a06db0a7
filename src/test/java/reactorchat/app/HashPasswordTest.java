package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import reactorchat.protocol.PasswordHash;

/** {@code hash-password} from standard input, as a script pipes it; a console read is the JDK's. */
class HashPasswordTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String input, String... args) {
        return Main.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsAHashThatChecksThePassword() {
        assertThat(run("s3cret pass\nignored\n", "hash-password")).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).endsWith(System.lineSeparator()).doesNotContain("s3cret");
        PasswordHash hash = PasswordHash.parse(printed.strip());
        assertThat(hash.matches("s3cret pass")).isTrue();
        assertThat(hash.matches("ignored")).isFalse();
        assertThat(err.size()).isZero();
    }

    @Test
    void noPasswordIsAFailureAndPrintsNothing() {
        assertThat(run("", "hash-password")).isEqualTo(1);
        assertThat(out.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "reactor-chat: no password on the first line of standard input" + System.lineSeparator());
    }

    @Test
    void anArgumentIsAUsageError() {
        assertThat(run("x\n", "hash-password", "hunter2")).isEqualTo(2);
        assertThat(out.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("reactor-chat: hash-password takes no arguments")
                .doesNotContain("hunter2");
    }

    @Test
    void helpSaysWhatItDoes() {
        assertThat(run("", "hash-password", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("oper.NAME = HASH");
        assertThat(Main.usage()).contains("hash-password");
    }
}
