package reactorchat.codec;

import java.net.InetSocketAddress;

/** A server's address as people type it, {@code HOST:PORT} ({@code [::1]:6667} for IPv6), for the client and the simulator. */
public final class HostPort {
    private HostPort() {
    }

    /**
     * The address {@code text} names, not yet resolved, so that the caller decides whether an
     * unknown host is a usage error or a failure to connect.
     *
     * @throws IllegalArgumentException saying what is wrong, to be prefixed with the option's name
     */
    public static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("must be HOST:PORT, got '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535, got '" + text + "'");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
