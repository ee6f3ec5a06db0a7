package reactorchat.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The unit files we ship pass systemd's own check, with no warning either. */
class SystemdUnitTest {
    private static final Path UNITS = Path.of("src", "main", "systemd");

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnits() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        if (System.getenv("CI") != null) {
            assertThat(analyze).as("CI installs systemd").isExecutable();
        }
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        List<String> command = List.of(analyze.toString(), "verify",
                UNITS.resolve("reactor-chat.service").toString(),
                UNITS.resolve("reactor-chat-activated.socket").toString(),
                UNITS.resolve("reactor-chat-activated.service").toString());
        Process verify = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as("systemd-analyze said: %s", said).isZero();
        assertThat(said).as("warnings").isBlank();
    }
}
