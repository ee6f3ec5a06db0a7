package reactorchat.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.ThreadLocalRandom;

import reactorchat.codec.Frame;

/**
 * One file coming in, on the disk: a new hidden part file in the directory, written while its
 * SHA-256 is computed, then given its safe name there without replacing anything, or deleted.
 */
final class IncomingFile {
    /** Numbered alternatives tried when a name is taken. */
    private static final int MAX_NUMBERED = 1000;

    final String id;
    final String sender;
    final String name;
    final long size;
    final Progress progress;
    private final String sha256;
    private final Path dir;
    private final Path temp;
    private final FileChannel file;
    private final MessageDigest digest = LocalFile.newDigest();
    long received;
    /** When the last bytes came, or the offer was accepted. */
    long lastBytesNanos = System.nanoTime();

    private IncomingFile(Frame offer, String name, long size, Path dir, Path temp, FileChannel file, Progress progress) {
        this.id = offer.field(0);
        this.sender = offer.field(1);
        this.sha256 = offer.field(4);
        this.name = name;
        this.size = size;
        this.dir = dir;
        this.temp = temp;
        this.file = file;
        this.progress = progress;
    }

    /** Opens a new part file in {@code dir} for {@code offer}, to be saved as {@code name}. */
    static IncomingFile open(Frame offer, String name, long size, Path dir, Progress progress) throws IOException {
        Path temp = newPartFile(dir);
        try {
            return new IncomingFile(offer, name, size, dir, temp, FileChannel.open(temp, StandardOpenOption.WRITE),
                    progress);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /**
     * A new empty file for an incoming one: created exclusively (so never through a link someone
     * placed), hidden, and with the usual permissions of the user's new files, unlike a temporary
     * file's owner-only ones, since it becomes the saved file.
     */
    private static Path newPartFile(Path dir) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path part = dir.resolve(".incoming-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part");
            try {
                return Files.createFile(part);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** Whether {@code length} more bytes stay within the size offered. */
    boolean fits(int length) {
        return received + length <= size;
    }

    void write(ByteBuffer body) throws IOException {
        digest.update(body.duplicate());
        while (body.hasRemaining()) {
            received += file.write(body);
        }
    }

    boolean matchesOffer() {
        return LocalFile.hex(digest).equalsIgnoreCase(sha256);
    }

    /** Writes the file out to the disk and gives it its name, or the first numbered one that is free. */
    Path save() throws IOException {
        file.force(true);
        file.close();
        for (int n = 0; n < MAX_NUMBERED; n++) {
            Path target = dir.resolve(n == 0 ? name : SafeName.numbered(name, n));
            if (!dir.equals(target.getParent())) {
                throw new IOException("refusing a name outside " + dir + ": " + name); // SafeName makes this impossible
            }
            try {
                placeAt(temp, target);
                return target;
            } catch (FileAlreadyExistsException e) {
                // taken: try the next number
            }
        }
        throw new IOException(name + " and " + MAX_NUMBERED + " numbered names are all taken in " + dir);
    }

    /**
     * A hard link fails if the name exists, atomically; a plain move is the fallback for file
     * systems without links, and checks for the name just before renaming.
     */
    private static void placeAt(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException e) {
            Files.move(temp, target);
            return;
        }
        Files.delete(temp);
    }

    /** Closes and deletes the part file. */
    void discard() {
        try {
            file.close();
        } catch (IOException e) {
            // deleted below either way
        }
        deleteQuietly(temp);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a temporary file left behind is named .incoming-*.part; nothing better to do here
        }
    }
}
