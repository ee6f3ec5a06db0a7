package reactorchat.app;

import java.net.InetSocketAddress;

/**
 * One {@code --listen} entry: a dialect on an address, or on the listening socket the process
 * inherited on standard input ({@code DIALECT=inherited}, for systemd socket activation), in
 * which case the address is null.
 */
record Endpoint(Dialect dialect, InetSocketAddress address) {
    static final String INHERITED = "inherited";

    /** Where the server listens when no {@code --listen} is given: line users and IRC clients side by side. */
    static final String DEFAULTS = "line=127.0.0.1:7000,irc=127.0.0.1:6667";

    /** Parses {@code DIALECT=HOST:PORT}; an IPv6 host is written in brackets, as {@code [::1]:7000}. */
    static Endpoint parse(String text) {
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("expected DIALECT=HOST:PORT, got '" + text + "'");
        }
        String name = text.substring(0, equals).strip();
        Dialect dialect = Dialect.named(name);
        if (dialect == null) {
            throw new IllegalArgumentException("unknown dialect '" + name + "' (known: " + known() + ")");
        }
        String hostPort = text.substring(equals + 1).strip();
        if (hostPort.equals(INHERITED)) {
            return new Endpoint(dialect, null);
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected HOST:PORT after '" + name + "=', got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Numbers.parseInt("port", hostPort.substring(colon + 1), 0, 65_535);
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host '" + host + "'");
        }
        return new Endpoint(dialect, address);
    }

    private static String known() {
        StringBuilder names = new StringBuilder();
        for (Dialect dialect : Dialect.values()) {
            names.append(names.length() == 0 ? "" : ", ").append(dialect.label());
        }
        return names.toString();
    }

    boolean inherited() {
        return address == null;
    }

    @Override
    public String toString() {
        return dialect.label() + "=" + (inherited() ? INHERITED : Numbers.hostPort(address));
    }
}
