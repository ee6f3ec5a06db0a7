package reactorchat.reactor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The header of HAProxy's PROXY protocol, version 1 (a text line) or 2 (binary), which a proxy
 * or load balancer sends as the very first bytes of a connection it makes on a client's behalf,
 * before anything of the client's own (a TLS ClientHello included), to say where the client
 * connected from. Only the source address is taken; ports, the destination and version 2's TLVs
 * are read past. A header of the LOCAL command (the proxy's own health check), of version 1's
 * UNKNOWN, or of a family other than IPv4 and IPv6 gives no address: the connection's own stands.
 */
final class ProxyHeader {
    /** Version 1's longest header, CR LF included, as its specification bounds it. */
    static final int MAX_V1_BYTES = 107;
    /** Version 2's fixed part: signature, version and command, family and protocol, length. */
    static final int V2_FIXED_BYTES = 16;
    /**
     * The most of version 2's addresses and TLVs taken: the addresses need 216 bytes at most,
     * and what proxies add as TLVs (ALPN, authority, a unique id, TLS details) fits in the rest.
     * A longer header is refused rather than held.
     */
    static final int MAX_V2_BODY_BYTES = 1024;
    /** The most bytes a whole header can take. */
    static final int MAX_BYTES = V2_FIXED_BYTES + MAX_V2_BODY_BYTES;

    private static final byte[] V1_START = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeader() {
    }

    /** A whole header: how many bytes it took, and the client's address, or null where the connection's own stands. */
    record Parsed(int length, InetAddress client) {
    }

    /** A header that is none, or broken: the connection is closed, this saying why. */
    static final class Malformed extends Exception {
        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * The header at the start of {@code in}'s remaining bytes, which it does not consume.
     *
     * @return the header, or null if it is not whole yet (and is not over its bound already)
     * @throws Malformed if the bytes are no PROXY header, or one this server does not take
     */
    static Parsed parse(ByteBuffer in) throws Malformed {
        if (!in.hasRemaining()) {
            return null;
        }
        byte first = in.get(in.position());
        if (first == V1_START[0]) {
            return v1(in);
        } else if (first == V2_SIGNATURE[0]) {
            return v2(in);
        }
        throw new Malformed("not a PROXY protocol header");
    }

    private static Parsed v1(ByteBuffer in) throws Malformed {
        int start = in.position();
        int available = Math.min(in.remaining(), MAX_V1_BYTES);
        requireStart(in, V1_START, "not a PROXY protocol header");
        int end = -1;
        for (int i = 0; i < available; i++) {
            if (in.get(start + i) == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            if (in.remaining() >= MAX_V1_BYTES) {
                throw new Malformed("PROXY v1 header without CR LF in " + MAX_V1_BYTES + " bytes");
            }
            return null;
        }
        if (end < 1 || in.get(start + end - 1) != '\r') {
            throw new Malformed("PROXY v1 header ends without CR");
        }
        byte[] line = new byte[end - 1 - V1_START.length];
        for (int i = 0; i < line.length; i++) {
            byte b = in.get(start + V1_START.length + i);
            if (b < 0x20 || b > 0x7e) {
                throw new Malformed("PROXY v1 header with a byte that is not printable ASCII");
            }
            line[i] = b;
        }
        return new Parsed(end + 1, v1Source(new String(line, StandardCharsets.US_ASCII)));
    }

    private static InetAddress v1Source(String line) throws Malformed {
        String[] fields = line.split(" ", -1);
        if (fields[0].equals("UNKNOWN")) {
            return null; // the specification: what follows is to be ignored
        }
        boolean tcp4 = fields[0].equals("TCP4");
        if (!tcp4 && !fields[0].equals("TCP6")) {
            throw new Malformed("PROXY v1 header of protocol '" + fields[0] + "', not TCP4, TCP6 or UNKNOWN");
        }
        if (fields.length != 5) {
            throw new Malformed("PROXY v1 header without source, destination and both ports");
        }
        InetAddress source = v1Address(fields[1], tcp4);
        v1Address(fields[2], tcp4);
        v1Port(fields[3]);
        v1Port(fields[4]);
        return source;
    }

    private static InetAddress v1Address(String text, boolean tcp4) throws Malformed {
        InetAddress address = AddressText.parse(text);
        // The family is the text's: an IPv4-mapped IPv6 address is one, though the JDK makes it IPv4.
        if (address == null || tcp4 == text.contains(":")) {
            throw new Malformed("PROXY v1 header with '" + text + "', not an " + (tcp4 ? "IPv4" : "IPv6") + " address");
        }
        return address;
    }

    private static void v1Port(String text) throws Malformed {
        boolean decimal = !text.isEmpty() && text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9')
                && (text.length() == 1 || text.charAt(0) != '0');
        if (!decimal || Integer.parseInt(text) > 65_535) {
            throw new Malformed("PROXY v1 header with port '" + text + "'");
        }
    }

    private static Parsed v2(ByteBuffer in) throws Malformed {
        int start = in.position();
        requireStart(in, V2_SIGNATURE, "not a PROXY protocol header");
        if (in.remaining() < V2_FIXED_BYTES) {
            return null;
        }
        int versionCommand = in.get(start + 12) & 0xff;
        int familyProtocol = in.get(start + 13) & 0xff;
        int length = in.getShort(start + 14) & 0xffff;
        if (versionCommand >> 4 != 2) {
            throw new Malformed("PROXY header of version " + (versionCommand >> 4) + " after the v2 signature");
        }
        if (length > MAX_V2_BODY_BYTES) {
            throw new Malformed("PROXY v2 header of " + length + " bytes after its first 16: at most "
                    + MAX_V2_BODY_BYTES + " are taken");
        }
        if (in.remaining() < V2_FIXED_BYTES + length) {
            return null;
        }
        int whole = V2_FIXED_BYTES + length;
        int command = versionCommand & 0x0f;
        if (command == 0) {
            return new Parsed(whole, null); // LOCAL: the proxy speaking for itself
        }
        if (command != 1) {
            throw new Malformed("PROXY v2 header of command " + command + ", not LOCAL or PROXY");
        }
        int protocol = familyProtocol & 0x0f;
        if (protocol > 1) {
            throw new Malformed("PROXY v2 header for a transport other than a stream (" + protocol + ")");
        }
        return switch (familyProtocol >> 4) {
            case 0, 3 -> new Parsed(whole, null); // unspecified, or a Unix socket: nothing to take
            case 1 -> new Parsed(whole, v2Address(in, start, length, 4));
            case 2 -> new Parsed(whole, v2Address(in, start, length, 16));
            default -> throw new Malformed("PROXY v2 header of address family " + (familyProtocol >> 4));
        };
    }

    /** The source address, the first of the two addresses and two ports that must fit in {@code length}. */
    private static InetAddress v2Address(ByteBuffer in, int start, int length, int size) throws Malformed {
        if (length < 2 * size + 4) {
            throw new Malformed("PROXY v2 header of " + length + " bytes, too short for its addresses");
        }
        byte[] bytes = new byte[size];
        in.get(start + V2_FIXED_BYTES, bytes);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are an address", e);
        }
    }

    /** Checks that what has come of the header so far begins as {@code start} does. */
    private static void requireStart(ByteBuffer in, byte[] start, String why) throws Malformed {
        int n = Math.min(in.remaining(), start.length);
        for (int i = 0; i < n; i++) {
            if (in.get(in.position() + i) != start[i]) {
                throw new Malformed(why);
            }
        }
    }
}
