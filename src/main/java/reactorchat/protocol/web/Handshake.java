package reactorchat.protocol.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** The rules of RFC 6455's opening handshake (section 4.2) that are not HTTP's. */
final class Handshake {
    /** Section 1.3: appended to the client's key before hashing. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int KEY_BYTES = 16;

    private Handshake() {
    }

    /** Whether {@code key} is what section 4.1 says a client sends: 16 bytes in base64. */
    static boolean isKey(String key) {
        try {
            return key != null && Base64.getDecoder().decode(key.strip()).length == KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The Sec-WebSocket-Accept answer to {@code key}: base64 of the SHA-1 of key and GUID. */
    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key.strip() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** Whether a comma-separated header value holds {@code token}, ignoring case (Connection: keep-alive, Upgrade). */
    static boolean hasToken(String value, String token) {
        if (value == null) {
            return false;
        }
        for (String each : value.split(",")) {
            if (each.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a page from {@code origin} may open a WebSocket here. No Origin header: not a browser
     * (which always sends one, section 4.1), so no page of another site is abusing the visitor's
     * browser, which is what the check is for. Else the origin is the host the client asked for
     * ({@code host}, its Host header) or one of {@code allowed}.
     */
    static boolean originAllowed(String origin, String host, List<String> allowed) {
        if (origin == null) {
            return true;
        }
        String[] parts = originParts(origin);
        if (parts == null) {
            return false;
        }
        for (String each : allowed) {
            String[] listed = originParts(each);
            if (listed != null && parts[0].equals(listed[0]) && parts[1].equals(listed[1]) && parts[2].equals(listed[2])) {
                return true;
            }
        }
        String[] asked = host == null ? null : originParts(parts[0] + "://" + host.strip());
        return asked != null && parts[1].equals(asked[1]) && parts[2].equals(asked[2]);
    }

    /** An origin's scheme, host and port (the scheme's usual one if none is written), lower case; null if it is not one. */
    static String[] originParts(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || uri.getRawUserInfo() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
            return new String[] {scheme, host.toLowerCase(Locale.ROOT), String.valueOf(port)};
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
