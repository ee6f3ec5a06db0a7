package reactorchat.protocol.web;

import java.util.ArrayList;
import java.util.List;

import reactorchat.reactor.TrustedProxies;

/**
 * What an operator sets for the web dialect.
 *
 * @param maxMessageBytes      the longest WebSocket message a client may send, over all its
 *                             fragments; a longer one closes the connection with 1009
 * @param origins              the pages (scheme://host[:port]) on other hosts whose scripts may
 *                             open a WebSocket; a page from this listener always may. Kept
 *                             normalised once, as {@code scheme://host:port} in lower case, so
 *                             that each upgrade compares without parsing them again
 * @param hosts                names this listener is reached by (--web-host), lower case, besides
 *                             its address and, on loopback, {@code localhost}: a page from one of
 *                             them may open a WebSocket
 * @param headerTimeoutSeconds a request whose headers have not all come this long after the
 *                             connect is answered 408; 0 means never
 * @param proxies              the proxies whose X-Forwarded-For is taken as where their client is
 */
public record WebOptions(int maxMessageBytes, List<String> origins, List<String> hosts, int headerTimeoutSeconds,
                         TrustedProxies proxies) {
    /** A WebSocket message can hold a long line of the line dialect at least. */
    public static final int MIN_MESSAGE_BYTES = 512;
    public static final int MAX_MESSAGE_BYTES = 1 << 20;
    public static final WebOptions DEFAULTS = new WebOptions(16 << 10, List.of(), List.of(), 10,
            TrustedProxies.NONE);

    public WebOptions {
        if (maxMessageBytes < MIN_MESSAGE_BYTES || maxMessageBytes > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("max-ws-message must be from " + MIN_MESSAGE_BYTES + " to "
                    + MAX_MESSAGE_BYTES + " bytes");
        }
        List<String> allowed = new ArrayList<>();
        for (String origin : origins) {
            String normalised = Handshake.normalised(origin);
            if (normalised == null) {
                throw new IllegalArgumentException("ws-origin must be scheme://host[:port], got '" + origin + "'");
            }
            allowed.add(normalised);
        }
        origins = List.copyOf(allowed);
        List<String> names = new ArrayList<>();
        for (String host : hosts) {
            String[] parts = Handshake.originParts("http://" + host);
            boolean ipv6 = host.startsWith("[") && host.endsWith("]");
            if (parts == null || host.contains(":") && !ipv6) { // a colon outside brackets begins a port
                throw new IllegalArgumentException("web-host must be a host name without a port, got '" + host + "'");
            }
            names.add(parts[1]);
        }
        hosts = List.copyOf(names);
        if (headerTimeoutSeconds < 0) {
            throw new IllegalArgumentException("http-header-timeout must be 0 (never) or more");
        }
    }
}
