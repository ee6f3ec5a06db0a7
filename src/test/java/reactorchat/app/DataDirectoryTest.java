package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.TestServer;

class DataDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void theFlagWinsOverSystemdsStateDirectory() throws Exception {
        Config config = Config.parse(List.of("--data-dir", "/srv/chat"), Map.of("STATE_DIRECTORY", "/var/lib/reactor-chat"));
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/chat"));
    }

    @Test
    void systemdsStateDirectoryIsTheDefaultWhenSet() throws Exception {
        Config config = Config.parse(List.of(), Map.of("STATE_DIRECTORY", "/var/lib/reactor-chat:/var/lib/other"));
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/reactor-chat"));
    }

    @Test
    void elseADirectoryUnderTheWorkingDirectory() throws Exception {
        assertThat(Config.parse(List.of(), Map.of()).dataDir()).isEqualTo(Path.of("reactor-chat-data"));
    }

    @Test
    void theCloakKeyIsInTheDataDirectoryUnlessNamed() throws Exception {
        assertThat(Config.parse(List.of("--data-dir", "/srv/chat"), Map.of()).cloakSecretFile())
                .isEqualTo(Path.of("/srv/chat", "cloak.key"));
        assertThat(Config.parse(List.of("--cloak-secret-file", "/etc/chat/key"), Map.of()).cloakSecretFile())
                .isEqualTo(Path.of("/etc/chat/key"));
    }

    @Test
    void theIpv6PrefixIsA64UnlessSet() throws Exception {
        assertThat(Config.parse(List.of(), Map.of()).ipv6PrefixBits()).isEqualTo(64);
        assertThat(Config.parse(List.of("--ipv6-prefix", "56"), Map.of()).ipv6PrefixBits()).isEqualTo(56);
        assertThatThrownBy(() -> Config.parse(List.of("--ipv6-prefix", "129"), Map.of()))
                .hasMessage("ipv6-prefix must be from 16 to 128, got 129");
    }

    @Test
    void theFirstStartCreatesItForTheServersUserAlone() throws Exception {
        Path data = dir.resolve("state").resolve("chat");
        try (TestServer server = TestServer.start("--data-dir", data.toString())) {
            assertThat(data).isDirectory().isWritable();
        }
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "no POSIX file permissions here");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    }

    @Test
    void aDirectoryThatExistsKeepsItsMode() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "no POSIX file permissions here");
        Path data = Files.createDirectory(dir.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        DataDirectory.prepare(data);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwxr-x---");
    }
}
