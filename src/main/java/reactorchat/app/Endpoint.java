package reactorchat.app;

import java.net.InetSocketAddress;

import reactorchat.cli.Numbers;

/**
 * One {@code --listen} entry: a dialect on an address, or on the listening socket the process
 * inherited on standard input ({@code DIALECT=inherited}, for systemd socket activation), in
 * which case the address is null; in TLS when the dialect's name ends in {@code +tls}; behind a
 * proxy that sends the PROXY protocol when it ends in {@code ?proxy}.
 */
record Endpoint(Dialect dialect, InetSocketAddress address, boolean tls, boolean proxy) {
    static final String INHERITED = "inherited";
    static final String TLS_SUFFIX = "+tls";
    static final String PROXY_SUFFIX = "?proxy";

    Endpoint(Dialect dialect, InetSocketAddress address) {
        this(dialect, address, false, false);
    }

    /** Where the server listens when no {@code --listen} is given: line users and IRC clients side by side. */
    static final String DEFAULTS = "line=127.0.0.1:7000,irc=127.0.0.1:6667";

    /**
     * Parses {@code DIALECT=HOST:PORT}, or {@code DIALECT+tls=HOST:PORT}; an IPv6 host is written
     * in brackets, as {@code [::1]:7000}. Without a port ({@code frame=0.0.0.0}) or a host too
     * ({@code frame}) the dialect's usual port (its usual TLS port with {@code +tls}), on 127.0.0.1.
     * {@code ?proxy} at the end ({@code irc+tls=0.0.0.0:6697?proxy}) asks for a PROXY header.
     */
    static Endpoint parse(String given) {
        String text = given.strip();
        boolean proxy = text.endsWith(PROXY_SUFFIX);
        if (proxy) {
            text = text.substring(0, text.length() - PROXY_SUFFIX.length());
        }
        if (text.indexOf('?') >= 0) {
            throw new IllegalArgumentException("unknown listener option in '" + given + "' (known: ?proxy)");
        }
        int equals = text.indexOf('=');
        String name = (equals < 0 ? text : text.substring(0, equals)).strip();
        boolean tls = name.endsWith(TLS_SUFFIX);
        Dialect dialect = Dialect.named(tls ? name.substring(0, name.length() - TLS_SUFFIX.length()) : name);
        if (dialect == null) {
            throw new IllegalArgumentException("unknown dialect '" + name + "' (known: " + known()
                    + ", each also with +tls)");
        }
        String hostPort = equals < 0 ? "127.0.0.1" : text.substring(equals + 1).strip();
        if (hostPort.equals(INHERITED)) {
            return new Endpoint(dialect, null, tls, proxy);
        }
        int colon = hostPort.lastIndexOf(':');
        boolean portGiven = colon > 0 && !hostPort.endsWith("]");
        if (hostPort.isEmpty() || colon == 0) {
            throw new IllegalArgumentException("expected HOST:PORT after '" + name + "=', got '" + hostPort + "'");
        }
        String host = portGiven ? hostPort.substring(0, colon) : hostPort;
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int usualPort = tls ? dialect.usualTlsPort : dialect.usualPort;
        if (!portGiven && usualPort == 0) {
            throw new IllegalArgumentException(name + " has no usual port: give one, as " + name + "=HOST:PORT");
        }
        int port = portGiven ? Numbers.wholeNumber("port", hostPort.substring(colon + 1), 0, 65_535) : usualPort;
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host '" + host + "'");
        }
        return new Endpoint(dialect, address, tls, proxy);
    }

    private static String known() {
        StringBuilder names = new StringBuilder();
        for (Dialect dialect : Dialect.values()) {
            names.append(names.length() == 0 ? "" : ", ").append(dialect.label());
        }
        return names.toString();
    }

    /** An address as an operator writes it: {@code 127.0.0.1:7000}, {@code [::1]:7000}. */
    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    boolean inherited() {
        return address == null;
    }

    /** The listener's name: the dialect's, with {@code +tls} for a TLS one, e.g. {@code irc+tls}. */
    String label() {
        return dialect.label() + (tls ? TLS_SUFFIX : "");
    }

    @Override
    public String toString() {
        return label() + "=" + (inherited() ? INHERITED : hostPort(address)) + (proxy ? PROXY_SUFFIX : "");
    }
}
