package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The PROXY protocol's header, both versions, parsed without sockets: whole, not yet whole, or refused. */
class ProxyHeaderTest {
    static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** A version 2 header: command (0 LOCAL, 1 PROXY), family and protocol byte, then the addresses and TLVs. */
    static byte[] v2(int command, int familyProtocol, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        out.write(0x20 | command);
        out.write(familyProtocol);
        out.write(body.length >> 8);
        out.write(body.length & 0xff);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The address block of version 2 for a source and destination of one family, ports 5555 and 6667. */
    static byte[] addresses(String source, String destination) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(InetAddress.getByName(source).getAddress());
        out.writeBytes(InetAddress.getByName(destination).getAddress());
        out.writeBytes(new byte[] {0x15, (byte) 0xb3, 0x1a, 0x0b});
        return out.toByteArray();
    }

    private static ProxyHeader.Parsed parse(byte[] bytes) throws ProxyHeader.Malformed {
        return ProxyHeader.parse(ByteBuffer.wrap(bytes));
    }

    private static ProxyHeader.Parsed parse(String text) throws ProxyHeader.Malformed {
        return parse(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void version1GivesTheSourceAddressAndItsLengthLeavingWhatFollows() throws Exception {
        ByteBuffer in = ByteBuffer.wrap("PROXY TCP4 203.0.113.7 192.0.2.1 5555 6667\r\nNICK a\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        ProxyHeader.Parsed parsed = ProxyHeader.parse(in);
        assertThat(parsed.client()).isEqualTo(InetAddress.getByName("203.0.113.7"));
        assertThat(parsed.length()).isEqualTo("PROXY TCP4 203.0.113.7 192.0.2.1 5555 6667\r\n".length());
        assertThat(in.position()).as("parse consumes nothing").isZero();

        assertThat(parse("PROXY TCP6 2001:db8::7 2001:db8::1 65535 0\r\n").client())
                .isEqualTo(InetAddress.getByName("2001:db8::7"));
        assertThat(parse("PROXY UNKNOWN whatever follows is ignored\r\n").client()).isNull();
        assertThat(parse("PROXY UNKNOWN\r\n").length()).isEqualTo(15);
    }

    @Test
    void aHeaderNotWholeYetAsksForMore() throws Exception {
        String whole = "PROXY TCP4 203.0.113.7 192.0.2.1 5555 6667\r\n";
        for (int n = 0; n < whole.length(); n++) {
            assertThat(parse(whole.substring(0, n))).as("the first %d bytes", n).isNull();
        }
        byte[] v2 = v2(1, 0x11, addresses("203.0.113.7", "192.0.2.1"));
        for (int n = 0; n < v2.length; n++) {
            assertThat(parse(java.util.Arrays.copyOf(v2, n))).as("the first %d bytes of v2", n).isNull();
        }
    }

    @Test
    void version2GivesIpv4AndIpv6SourcesAndSkipsTlvs() throws Exception {
        byte[] tlv = {0x04, 0x00, 0x03, 'a', 'b', 'c'}; // a NOOP TLV, read past
        byte[] body = ByteBuffer.allocate(12 + tlv.length).put(addresses("203.0.113.7", "192.0.2.1")).put(tlv).array();
        ProxyHeader.Parsed ipv4 = parse(v2(1, 0x11, body));
        assertThat(ipv4.client()).isEqualTo(InetAddress.getByName("203.0.113.7"));
        assertThat(ipv4.length()).isEqualTo(16 + 12 + tlv.length);

        assertThat(parse(v2(1, 0x21, addresses("2001:db8::7", "2001:db8::1"))).client())
                .isEqualTo(InetAddress.getByName("2001:db8::7"));
    }

    @Test
    void localUnspecifiedAndUnixHeadersKeepTheConnectionsOwnAddress() throws Exception {
        assertThat(parse(v2(0, 0x00, new byte[0]))).isEqualTo(new ProxyHeader.Parsed(16, null));
        assertThat(parse(v2(0, 0x11, addresses("203.0.113.7", "192.0.2.1"))).client())
                .as("LOCAL: the proxy speaks for itself, whatever addresses it sends").isNull();
        assertThat(parse(v2(1, 0x00, new byte[0])).client()).isNull();
        assertThat(parse(v2(1, 0x31, new byte[216])).client()).isNull();
    }

    @Test
    void whatIsNoHeaderOrABrokenOneIsRefused() {
        assertRefused("NICK alice\r\n".getBytes(StandardCharsets.US_ASCII), "not a PROXY protocol header");
        assertRefused("PROXY TCP5 1.2.3.4 1.2.3.4 1 2\r\n", "protocol 'TCP5'");
        assertRefused("PROXY TCP4 1.2.3.4 1.2.3.4 1\r\n", "without source, destination and both ports");
        assertRefused("PROXY TCP4 2001:db8::1 1.2.3.4 1 2\r\n", "not an IPv4 address");
        assertRefused("PROXY TCP6 1.2.3.4 2001:db8::1 1 2\r\n", "not an IPv6 address");
        assertRefused("PROXY TCP4 example.org 1.2.3.4 1 2\r\n", "not an IPv4 address");
        assertRefused("PROXY TCP4 1.2.3.4 1.2.3.4 65536 2\r\n", "port '65536'");
        assertRefused("PROXY TCP4 1.2.3.4 1.2.3.4 1 2\n", "ends without CR");
        assertRefused("PROXY TCP4 1.2.3.4 1.2.3.4 1 2\u0000\r\n", "not printable ASCII");
        assertRefused("PROXY " + "x".repeat(101), "without CR LF in 107 bytes");
        byte[] v2 = v2(1, 0x11, new byte[12]);
        v2[12] = 0x31;
        assertRefused(v2, "version 3");
        assertRefused(v2(2, 0x11, new byte[12]), "command 2");
        assertRefused(v2(1, 0x12, new byte[12]), "other than a stream");
        assertRefused(v2(1, 0x11, new byte[8]), "too short for its addresses");
        assertRefused(v2(1, 0x21, new byte[12]), "too short for its addresses");
        assertRefused(v2(1, 0x41, new byte[12]), "address family 4");
        byte[] oversize = java.util.Arrays.copyOf(SIGNATURE, 16);
        oversize[12] = 0x21;
        oversize[13] = 0x11;
        oversize[14] = 0x04;
        oversize[15] = 0x01; // 1025 bytes announced: refused before they come
        assertRefused(oversize, "1025 bytes");
    }

    private static void assertRefused(String header, String why) {
        assertRefused(header.getBytes(StandardCharsets.ISO_8859_1), why);
    }

    private static void assertRefused(byte[] header, String why) {
        assertThatThrownBy(() -> parse(header)).isInstanceOf(ProxyHeader.Malformed.class).hasMessageContaining(why);
    }
}
