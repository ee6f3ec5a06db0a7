package reactorchat.app;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The directory the server keeps its own files in: chosen by {@code --data-dir}, else systemd's
 * {@code StateDirectory=}, else {@code reactor-chat-data} under the working directory.
 */
final class DataDirectory {
    /** Where a relative default lands: under the working directory the server starts in. */
    static final String DEFAULT_NAME = "reactor-chat-data";

    private DataDirectory() {
    }

    /** The directory to use; {@code given} is the --data-dir value, empty if none was given. */
    static Path choose(String given, Map<String, String> environment) {
        if (!given.isBlank()) {
            return Path.of(given.strip());
        }
        // systemd sets STATE_DIRECTORY to every StateDirectory= path, colon-separated; ours is the first.
        String state = environment.getOrDefault("STATE_DIRECTORY", "");
        if (!state.isBlank()) {
            return Path.of(state.split(":")[0]);
        }
        return Path.of(DEFAULT_NAME);
    }

    /**
     * Creates {@code dir} if it is missing, for the server's user alone (0700, as systemd makes a
     * StateDirectory: it holds the cloak key), and checks that the server can write there: a server
     * that found out only when it first needed to write would have started for nothing. A
     * directory that exists keeps its mode: the operator chose it.
     */
    static void prepare(Path dir) throws UsageException {
        try {
            if (!Files.isDirectory(dir)) {
                create(dir);
            }
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (FileAlreadyExistsException e) {
            throw new UsageException("data-dir " + dir + " is not a directory");
        } catch (IOException | SecurityException e) {
            throw new UsageException("data-dir " + dir + " is not writable: " + reason(e));
        }
    }

    private static void create(Path dir) throws IOException {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir); // no POSIX permissions on this file system
        }
    }

    /** Why a file could not be used, in a few words: the system's, without the exception's class and path. */
    static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
