package reactorchat.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unit files we ship pass systemd's own check, with no warning either. */
class SystemdUnitTest {
    private static final Path UNITS = Path.of("src", "main", "systemd");

    @TempDir
    Path installed;

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnits() throws Exception {
        verify(UNITS.resolve("reactor-chat.service"), UNITS.resolve("reactor-chat-activated.socket"),
                UNITS.resolve("reactor-chat-activated.service"));
    }

    @Test
    void theTlsDropInFitsBothServices() throws Exception {
        // Laid out as installed: systemd-analyze reads a unit's drop-ins from UNIT.d/ beside it.
        List<Path> units = new ArrayList<>();
        for (String unit : new String[] {"reactor-chat.service", "reactor-chat-activated.service",
                "reactor-chat-activated.socket"}) {
            units.add(Files.copy(UNITS.resolve(unit), installed.resolve(unit)));
            if (unit.endsWith(".service")) {
                Path dropIns = Files.createDirectories(installed.resolve(unit + ".d"));
                Files.copy(UNITS.resolve("reactor-chat-tls.conf"), dropIns.resolve("tls.conf"));
            }
        }
        verify(units.toArray(new Path[0]));
    }

    private static void verify(Path... units) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        if (System.getenv("CI") != null) {
            assertThat(analyze).as("CI installs systemd").isExecutable();
        }
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        List<String> command = new ArrayList<>(List.of(analyze.toString(), "verify"));
        for (Path unit : units) {
            command.add(unit.toString());
        }
        Process verify = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as("systemd-analyze said: %s", said).isZero();
        assertThat(said).as("warnings").isBlank();
    }
}
