package reactorchat.protocol.web;

import java.net.InetAddress;

import reactorchat.reactor.AddressText;
import reactorchat.reactor.TrustedProxies;

/**
 * Where a request behind reverse proxies comes from, by its X-Forwarded-For header: the list of
 * addresses each proxy on the way appended its own peer to. Only a trusted proxy's word counts,
 * so the list is read from its right end while the address in hand is a trusted proxy's: the
 * first one that is not is the client. Whatever lies left of it the client may have written.
 */
final class ForwardedFor {
    private ForwardedFor() {
    }

    /**
     * The client's address, when {@code peer} (the connection's address) is a trusted proxy and
     * {@code header} names the client; null to keep the connection's own: no header, an untrusted
     * peer, or an entry on the way that is not an address (the header is then not believed at all).
     */
    static InetAddress client(String header, InetAddress peer, TrustedProxies proxies) {
        if (header == null || !proxies.trusts(peer)) {
            return null;
        }
        String[] entries = header.split(",", -1);
        InetAddress client = null;
        for (int i = entries.length - 1; i >= 0; i--) {
            client = address(entries[i].strip());
            if (client == null) {
                return null;
            }
            if (!proxies.trusts(client)) {
                return client;
            }
        }
        return client; // every one a proxy: the first of them made the request
    }

    /** An entry's address: bare, in brackets (IPv6), or with a port after it, which some proxies add. */
    private static InetAddress address(String entry) {
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            boolean portOrNothing = close > 0 && (close == entry.length() - 1 || entry.charAt(close + 1) == ':');
            return portOrNothing ? AddressText.parse(entry.substring(1, close)) : null;
        }
        int colon = entry.indexOf(':');
        if (colon > 0 && colon == entry.lastIndexOf(':')) {
            entry = entry.substring(0, colon); // IPv4 with a port: one colon is never IPv6
        }
        return entry.isEmpty() ? null : AddressText.parse(entry);
    }
}
