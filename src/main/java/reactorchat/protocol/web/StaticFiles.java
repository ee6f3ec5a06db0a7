package reactorchat.protocol.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web client's files, read from the jar once at start and kept in memory, each with an ETag
 * (a hash of its bytes) so that a browser that has it already gets 304 and no body.
 */
final class StaticFiles {
    /** One file: its bytes, its Content-Type and its ETag, quotes included. */
    record File(byte[] bytes, String type, String etag) {
    }

    /** Where the files lie in the jar. */
    private static final String ROOT = "/reactorchat/web/";
    /** What the web listener serves, by path; nothing else is read from the jar. */
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/app.js", new String[] {"app.js", "text/javascript; charset=utf-8"},
            "/style.css", new String[] {"style.css", "text/css; charset=utf-8"});

    private final Map<String, File> files = new LinkedHashMap<>();

    StaticFiles() {
        FILES.forEach((path, nameAndType) -> {
            byte[] bytes = read(nameAndType[0]);
            if (bytes != null) {
                files.put(path, new File(bytes, nameAndType[1], etag(bytes)));
            }
        });
    }

    /** The file served at {@code path}; null if none is. */
    File get(String path) {
        return files.get(path);
    }

    /** Whether an If-None-Match header names {@code etag}, or is {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String each : ifNoneMatch.split(",")) {
            String tag = each.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ROOT + name + " from the jar", e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
