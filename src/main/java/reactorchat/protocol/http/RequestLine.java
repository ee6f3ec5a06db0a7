package reactorchat.protocol.http;

/**
 * The first line of an HTTP/1.x request, as the http and web dialects read it: exactly three
 * parts split by single spaces, the last an HTTP/1 version.
 */
public record RequestLine(String method, String path, String version) {
    /** The request line {@code line} is, or null if it is not one. */
    public static RequestLine parse(String line) {
        String[] parts = line.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            return null;
        }
        return new RequestLine(parts[0], parts[1], parts[2]);
    }
}
