package reactorchat.reactor;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What counts as one peer for per-address limits: an IPv4 address, or an IPv6 network prefix (a
 * /64 by default), since one host is given a whole /64 and could otherwise open connections from
 * as many addresses as it likes.
 */
public final class AddressGroup {
    /** The prefix of an IPv6 address that names its host unless the operator says otherwise. */
    public static final int DEFAULT_IPV6_PREFIX = 64;

    private AddressGroup() {
    }

    /** The group of {@code peer}: itself for IPv4, its first {@code ipv6PrefixBits} bits for IPv6. */
    public static InetAddress of(InetAddress peer, int ipv6PrefixBits) {
        if (!(peer instanceof Inet6Address) || ipv6PrefixBits >= 128) {
            return peer;
        }
        try {
            return InetAddress.getByAddress(leading(peer.getAddress(), ipv6PrefixBits)); // from bytes: no lookup is made
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    /** {@code bytes} with every bit after the first {@code bits} cleared, in place; returns {@code bytes}. */
    static byte[] leading(byte[] bytes, int bits) {
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            bytes[i] &= (byte) (0xff00 >> keep);
        }
        return bytes;
    }

    /** The group as text: the address for IPv4, {@code network/bits} for IPv6. */
    public static String describe(InetAddress group, int ipv6PrefixBits) {
        return group instanceof Inet6Address && ipv6PrefixBits < 128
                ? AddressText.of(group) + "/" + ipv6PrefixBits : AddressText.of(group);
    }
}
