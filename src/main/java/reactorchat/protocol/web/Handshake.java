package reactorchat.protocol.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import reactorchat.codec.WebSocketFrames;

/** The rules of RFC 6455's opening handshake (section 4.2) that are not HTTP's. */
final class Handshake {
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

    /** The Sec-WebSocket-Accept answer to {@code key}, as the client sent it. */
    static String accept(String key) {
        return WebSocketFrames.acceptKey(key.strip());
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
     * browser, which is what the check is for. Else the origin is one of {@code allowed} (each
     * {@link #normalised}, as {@link WebOptions} keeps them), or the
     * page came from this listener: the Host header names it ({@link #namesListener}) and the
     * origin's host and port are the Host header's. Host alone proves nothing, since the browser
     * writes there whatever name its page was loaded by: a page of {@code evil.example} whose
     * name was re-pointed to this machine's address (DNS rebinding) sends a matching Origin and Host.
     */
    static boolean originAllowed(String origin, String host, List<String> allowed, InetAddress local,
                                 List<String> names) {
        if (origin == null) {
            return true;
        }
        String[] parts = originParts(origin);
        if (parts == null) {
            return false;
        }
        if (allowed.contains(joined(parts))) {
            return true;
        }
        String[] asked = host == null ? null : originParts(parts[0] + "://" + host.strip());
        return asked != null && parts[1].equals(asked[1]) && parts[2].equals(asked[2])
                && namesListener(asked[1], local, names);
    }

    /**
     * Whether {@code host} (lower case, an IPv6 literal in brackets) is a name of the listener at
     * {@code local}: that address written out, {@code localhost} if it is a loopback address, or one
     * of {@code names} (--web-host). Never a DNS lookup: the name is compared, not resolved.
     */
    static boolean namesListener(String host, InetAddress local, List<String> names) {
        if (names.contains(host)) {
            return true;
        }
        if (local == null) {
            return false;
        }
        if (host.equals("localhost")) {
            return local.isLoopbackAddress();
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            String literal = host.substring(1, host.length() - 1);
            // A string with a colon is an IPv6 literal to getByName, which then looks nothing up.
            return local instanceof Inet6Address && literal.indexOf(':') >= 0 && sameAddress(literal, local);
        }
        return local instanceof Inet4Address && host.equals(local.getHostAddress());
    }

    private static boolean sameAddress(String ipv6Literal, InetAddress local) {
        try {
            return InetAddress.getByName(ipv6Literal).equals(local);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** An origin as {@code scheme://host:port}, lower case, its port written even if usual; null if it is not one. */
    static String normalised(String origin) {
        String[] parts = originParts(origin);
        return parts == null ? null : joined(parts);
    }

    private static String joined(String[] originParts) {
        return originParts[0] + "://" + originParts[1] + ":" + originParts[2];
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
