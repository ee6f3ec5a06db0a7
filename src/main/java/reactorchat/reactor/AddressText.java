package reactorchat.reactor;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address as text, IPv6 in the one form RFC 5952 recommends ({@code 2001:db8::1}, lower case,
 * the longest run of zero groups as {@code ::}): the JDK writes every group
 * ({@code 2001:db8:0:0:0:0:0:1}), which is not what people type into a ban mask or a log search;
 * and the other way, an address from the text a peer sent, never asking a resolver.
 */
public final class AddressText {
    private AddressText() {
    }

    public static String of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        // The longest run of two or more zero groups, the first of equal ones (RFC 5952 4.2).
        int runStart = -1;
        int runLength = 1;
        for (int i = 0; i < groups.length; ) {
            int end = i;
            while (end < groups.length && groups[end] == 0) {
                end++;
            }
            if (end - i > runLength) {
                runStart = i;
                runLength = end - i;
            }
            i = Math.max(end, i + 1);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
                continue;
            }
            if (i > 0 && i != runStart + runLength) {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        String full = address.getHostAddress();
        int scope = full.indexOf('%');
        return scope < 0 ? text.toString() : text + full.substring(scope);
    }

    /**
     * The address {@code text} is a literal of: an IPv4 address in dotted decimal (four numbers,
     * no leading zeros, which some parsers read as octal), or an IPv6 address without a zone;
     * null for anything else. Never a lookup: the JDK resolves a name, or text that merely looks
     * like an address, and a peer's text must not make the loop wait on DNS.
     */
    public static InetAddress parse(String text) {
        if (text.indexOf(':') < 0) {
            return ipv4(text);
        }
        if (text.length() > 45 || !(Character.digit(text.charAt(0), 16) >= 0 || text.charAt(0) == ':')) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return null;
            }
        }
        try {
            // Starting with a hex digit or a colon and holding a colon, it is parsed as a
            // literal or refused: the JDK looks up no such text.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || part.length() > 1 && part.charAt(0) == '0'
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are an IPv4 address", e);
        }
    }
}
