package reactorchat.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Whether a file holding a secret is kept from other users of the machine. */
final class SecretFile {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private SecretFile() {
    }

    /** A warning if {@code file}, holding the {@code what}, is open to its group or to everyone; null if not (or unknown). */
    static String exposure(Path file, String what) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return null; // no POSIX permissions to judge by; reading it reports any real problem
        }
        if (permissions.stream().noneMatch(OTHERS::contains)) {
            return null;
        }
        return what + " " + file + " is open to other users of this machine (mode "
                + PosixFilePermissions.toString(permissions) + "); chmod 600 it";
    }
}
