package reactorchat.app;

import java.net.InetSocketAddress;

import reactorchat.cli.Numbers;

/**
 * One {@code --listen} entry: a dialect on an address, or on the listening socket the process
 * inherited on standard input ({@code DIALECT=inherited}, for systemd socket activation), in
 * which case the address is null.
 */
record Endpoint(Dialect dialect, InetSocketAddress address) {
    static final String INHERITED = "inherited";

    /** Where the server listens when no {@code --listen} is given: line users and IRC clients side by side. */
    static final String DEFAULTS = "line=127.0.0.1:7000,irc=127.0.0.1:6667";

    /**
     * Parses {@code DIALECT=HOST:PORT}; an IPv6 host is written in brackets, as {@code [::1]:7000}.
     * Without a port ({@code frame=0.0.0.0}) or a host too ({@code frame}) the dialect's usual
     * port, on 127.0.0.1.
     */
    static Endpoint parse(String text) {
        int equals = text.indexOf('=');
        String name = (equals < 0 ? text : text.substring(0, equals)).strip();
        Dialect dialect = Dialect.named(name);
        if (dialect == null) {
            throw new IllegalArgumentException("unknown dialect '" + name + "' (known: " + known() + ")");
        }
        String hostPort = equals < 0 ? "127.0.0.1" : text.substring(equals + 1).strip();
        if (hostPort.equals(INHERITED)) {
            return new Endpoint(dialect, null);
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
        int port = portGiven ? Numbers.wholeNumber("port", hostPort.substring(colon + 1), 0, 65_535) : dialect.usualPort;
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

    /** An address as an operator writes it: {@code 127.0.0.1:7000}, {@code [::1]:7000}. */
    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    boolean inherited() {
        return address == null;
    }

    @Override
    public String toString() {
        return dialect.label() + "=" + (inherited() ? INHERITED : hostPort(address));
    }
}
