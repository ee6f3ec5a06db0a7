package reactorchat.reactor;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The networks whose hosts are proxies the operator runs (--proxy-from): a connection from one of
 * them may say where its client really is, in a PROXY header or an X-Forwarded-For header, and
 * only such a connection. Empty unless the operator lists some: no address is trusted by default,
 * not even loopback, since on a shared machine any local user can connect from there.
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Network> networks;

    private TrustedProxies(List<Network> networks) {
        this.networks = List.copyOf(networks);
    }

    /** One network: its address with only the leading {@code bits} kept, which must match. */
    private record Network(byte[] prefix, int bits, String text) {
        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            return bytes.length == prefix.length && Arrays.equals(AddressGroup.leading(bytes, bits), prefix);
        }
    }

    /**
     * Parses {@code ADDRESS/BITS} or a lone {@code ADDRESS} (all its bits), IPv4 or IPv6, each.
     *
     * @throws IllegalArgumentException naming the entry that is not a network
     */
    public static TrustedProxies parse(List<String> entries) {
        List<Network> networks = new ArrayList<>();
        for (String entry : entries) {
            networks.add(network(entry.strip()));
        }
        return new TrustedProxies(networks);
    }

    private static Network network(String entry) {
        int slash = entry.indexOf('/');
        InetAddress address = AddressText.parse(slash < 0 ? entry : entry.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("proxy-from must list networks as ADDRESS/BITS (10.0.0.0/8, ::1),"
                    + " got '" + entry + "'");
        }
        int most = address instanceof Inet4Address ? 32 : 128;
        int bits = most;
        if (slash >= 0) {
            String text = entry.substring(slash + 1);
            bits = text.matches("[0-9]{1,3}") ? Integer.parseInt(text) : -1;
            if (bits < 0 || bits > most) {
                throw new IllegalArgumentException("proxy-from: the prefix of '" + entry + "' must be 0 to " + most
                        + " bits");
            }
        }
        return new Network(AddressGroup.leading(address.getAddress(), bits), bits, AddressText.of(address) + "/" + bits);
    }

    /** Whether {@code address} is in one of the networks. */
    public boolean trusts(InetAddress address) {
        for (Network network : networks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    @Override
    public String toString() {
        return String.join(",", networks.stream().map(Network::text).toList());
    }
}
