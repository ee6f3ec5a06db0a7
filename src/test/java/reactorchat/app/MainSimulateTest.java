package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MainSimulateTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void simulateHasItsOwnHelp() {
        assertThat(run("simulate", "--help")).isEqualTo(Main.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("simulate --target HOST:PORT", "--idle N");
    }

    @Test
    void badSimulateOptionsExitWithTwo() {
        assertThat(run("simulate", "--clients", "0", "--target", "127.0.0.1:1")).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--clients must be a whole number from 1");
    }

    @Test
    void theServeUsageMentionsSimulate() {
        assertThat(Main.usage()).contains("simulate --target HOST:PORT");
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
