package reactorchat.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret users' addresses are cloaked with: 32 random bytes, kept in Base64 on one line of a
 * file only the server may read. The default file, {@code cloak.key} in the data directory, is made
 * on first start; a file named by {@code --cloak-secret-file} must exist, since making a new one in
 * its place would change every cloak and undo every ban on one.
 */
final class CloakKey {
    static final String DEFAULT_NAME = "cloak.key";
    static final int BYTES = 32;
    private static final int MIN_BYTES = 16;

    private CloakKey() {
    }

    /**
     * The key in {@code file}, made there first if it is the default one and missing.
     *
     * @throws UsageException naming the file and what is wrong, never its content
     */
    static byte[] load(Path file, boolean isDefault) throws UsageException {
        if (isDefault && !Files.exists(file)) {
            create(file);
        }
        byte[] text;
        try (InputStream in = Files.newInputStream(file)) {
            text = in.readNBytes(1024);
        } catch (IOException e) {
            throw new UsageException("cannot read cloak-secret-file " + file + ": " + Config.why(e));
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(new String(text, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length < MIN_BYTES) {
            throw new UsageException("cloak-secret-file " + file + " must hold " + MIN_BYTES
                    + " random bytes or more in Base64 on one line (delete the default one to have a new one made)");
        }
        return key;
    }

    /**
     * Writes a fresh key readable by the owner alone: first to a temporary file made with those
     * permissions, then linked into place, so no one ever reads a half-written or open key. A link
     * fails if the name exists, in the one system call that makes it; a rename would replace a key
     * another server starting at the same moment had just put there, and both would run on
     * different keys.
     */
    private static void create(Path file) throws UsageException {
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        try {
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".cloak", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException e) {
                // another server made one first: theirs stands
            } finally {
                Files.delete(temporary);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new UsageException("cannot make cloak-secret-file " + file + ": "
                    + (e instanceof IOException io ? Config.why(io) : "no POSIX file permissions here"));
        }
    }
}
