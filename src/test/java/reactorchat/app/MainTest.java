package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryOption() {
        assertThat(run("--help")).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        for (Setting setting : Setting.values()) {
            assertThat(help).contains("--" + setting.key());
        }
        assertThat(err.size()).isZero();
    }

    @Test
    void versionIsPrinted() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).matches("reactor-chat \\d+\\.\\d+\\.\\d+\\S*\\R");
    }

    @Test
    void aBadFlagIsOneLineAndStatusTwo() {
        assertThat(run("serve", "--max-line", "huge")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("reactor-chat: max-line must be a whole number, got 'huge'" + System.lineSeparator());
    }

    @Test
    void anUnknownCommandIsStatusTwo() {
        assertThat(run("dance")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("reactor-chat: unknown command 'dance'");
    }

    @Test
    void aDataDirectoryThatCannotBeMadeIsOneLineAndStatusTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "a file, not a directory");
        assertThat(run("--listen", "line=127.0.0.1:0", "--data-dir", file.resolve("data").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("reactor-chat: data-dir " + file.resolve("data") + " is not writable: Not a directory"
                        + System.lineSeparator());
    }

    @Test
    void aFileAsTheDataDirectoryIsOneLineAndStatusTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "a file, not a directory");
        assertThat(run("--listen", "line=127.0.0.1:0", "--data-dir", file.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("reactor-chat: data-dir " + file + " is not a directory" + System.lineSeparator());
    }

    @Test
    void aCloakSecretFileNamedButMissingIsOneLineAndStatusTwo() throws Exception {
        Path missing = dir.resolve("no-such.key");
        assertThat(run("--listen", "line=127.0.0.1:0", "--data-dir", dir.toString(), "--cloak-secret-file",
                missing.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "reactor-chat: cannot read cloak-secret-file " + missing + ": no such file" + System.lineSeparator());
        assertThat(missing).doesNotExist();
    }

    @Test
    void aCloakSecretFileTooShortIsOneLineWithoutItsContent() throws Exception {
        Path key = Files.writeString(dir.resolve("short.key"), "c2hvcnQ=\n");
        assertThat(run("--listen", "line=127.0.0.1:0", "--data-dir", dir.toString(), "--cloak-secret-file",
                key.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith(
                "reactor-chat: cloak-secret-file " + key + " must hold 16 random bytes or more").doesNotContain("c2hvcnQ");
    }

    @Test
    void aPortInUseIsOneLineAndStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(run("--listen", "line=127.0.0.1:" + port, "--data-dir", dir.toString())).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).matches(
                    "reactor-chat: cannot listen on 127\\.0\\.0\\.1:" + port + " for line: .*in use.*\\R");
        }
    }
}
