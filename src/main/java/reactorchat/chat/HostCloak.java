package reactorchat.chat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What other users are shown instead of an address: {@code c-} and 12 hex digits of an
 * HMAC-SHA256 of the address under the server's secret, then {@code .ip}. The same address always
 * gets the same cloak, so a ban on it holds; without the secret nobody can tell the address from
 * it, not even by hashing all 2^32 IPv4 addresses. An IPv6 address is cloaked by its network
 * prefix (a /64 by default), since one host holds a whole /64 and would get a new cloak with
 * every address in it.
 *
 * <p>One thread uses an instance (the loop): its MAC is made once, when the server starts, since
 * finding the JDK's provider may open files, and a cloak is asked for at any time, such as when
 * the server is out of file descriptors.
 */
public final class HostCloak {
    /** Hex digits of the HMAC kept: 48 bits, so that a million addresses almost never share a cloak. */
    static final int DIGITS = 12;
    /** Digits, dots, colons, hex and a zone: what an IP literal is made of, so that parsing it asks no resolver. */
    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

    private final Mac mac;
    private final int ipv6PrefixBits;

    /**
     * @param secret         the server's cloak key, 16 bytes at least
     * @param ipv6PrefixBits how much of an IPv6 address names its host, 1 to 128
     */
    public HostCloak(byte[] secret, int ipv6PrefixBits) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("a cloak key needs 16 bytes at least, got " + secret.length);
        }
        if (ipv6PrefixBits < 1 || ipv6PrefixBits > 128) {
            throw new IllegalArgumentException("an IPv6 prefix is 1 to 128 bits, got " + ipv6PrefixBits);
        }
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
        this.ipv6PrefixBits = ipv6PrefixBits;
    }

    /** The cloak of {@code address}, an IP address as text; any other text is cloaked as it is. */
    public String of(String address) {
        byte[] digest = mac.doFinal(bytes(address)); // doFinal leaves the MAC ready for the next
        return "c-" + HexFormat.of().formatHex(digest).substring(0, DIGITS) + ".ip";
    }

    /** The address's bytes, an IPv6 one cut to its prefix; the bytes of the text if it is no address. */
    private byte[] bytes(String address) {
        if (!LITERAL.matcher(address).matches()) {
            return address.getBytes(StandardCharsets.UTF_8);
        }
        try {
            InetAddress parsed = InetAddress.getByName(address); // a literal: no lookup is made
            return parsed instanceof Inet6Address ? prefix(parsed.getAddress(), ipv6PrefixBits) : parsed.getAddress();
        } catch (UnknownHostException e) {
            return address.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The first {@code bits} of {@code address}, the rest zero. */
    static byte[] prefix(byte[] address, int bits) {
        byte[] kept = address.clone();
        for (int i = 0; i < kept.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            kept[i] &= (byte) (0xff00 >> keep);
        }
        return kept;
    }
}
