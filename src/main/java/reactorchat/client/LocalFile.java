package reactorchat.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file to send: its name as offered, its size, and its SHA-256, read once from start to end in
 * 64 KiB pieces so that a file of any size costs one buffer.
 */
record LocalFile(Path path, String name, long size, String sha256) {

    /** @throws IOException if it is not a readable regular file */
    static LocalFile read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + " is not a file");
        }
        MessageDigest digest = newDigest();
        long size = 0;
        ByteBuffer buffer = ByteBuffer.allocate(FileSender.CHUNK_BYTES);
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            for (int n; (n = in.read(buffer.clear())) >= 0; ) {
                digest.update(buffer.flip());
                size += n;
            }
        }
        return new LocalFile(path, path.getFileName().toString(), size, hex(digest));
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
