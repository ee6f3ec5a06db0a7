package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {
    @TempDir
    Path dir;

    @Test
    void aFileForItsOwnerAloneIsFine() throws Exception {
        assertThat(SecretFile.exposure(withMode("rw-------"), "cloak-secret-file")).isNull();
        assertThat(SecretFile.exposure(withMode("r--------"), "cloak-secret-file")).isNull();
    }

    @Test
    void aFileItsGroupOrEveryoneMayReadIsNamed() throws Exception {
        Path group = withMode("rw-r-----");
        assertThat(SecretFile.exposure(group, "cloak-secret-file")).isEqualTo("cloak-secret-file " + group
                + " is open to other users of this machine (mode rw-r-----); chmod 600 it");
        assertThat(SecretFile.exposure(withMode("rw-rw-rw-"), "password file")).contains("(mode rw-rw-rw-)");
    }

    private Path withMode(String mode) throws Exception {
        Path file = Files.createTempFile(dir, "secret", ".txt");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
