package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MainClientTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void clientHasItsOwnHelp() {
        assertThat(run("client", "--help")).isEqualTo(Main.OK);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("client [options] HOST:PORT", "--send-file NICK PATH", "--receive-files DIR", "--progress");
    }

    @Test
    void badClientOptionsExitWithTwo() {
        assertThat(run("client", "--send-file", "bob")).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("reactor-chat client: missing value: --send-file NICK PATH" + System.lineSeparator());
    }

    @Test
    void theServeUsageMentionsTheClient() {
        assertThat(Main.usage()).contains("client [--send-file NICK PATH | --receive-files DIR] HOST:PORT");
    }

    private int run(String... args) {
        return Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
