package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class AddressTextTest {
    @Test
    void ipv6IsWrittenAsRfc5952Recommends() throws Exception {
        assertThat(text("2001:0DB8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
        assertThat(text("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(text("0:0:0:0:0:0:0:0")).isEqualTo("::");
        assertThat(text("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
        assertThat(text("2001:db8:0:1:1:1:1:1")).as("one zero group stays").isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(text("2001:0:0:1:0:0:0:1")).as("the longest run").isEqualTo("2001:0:0:1::1");
        assertThat(text("2001:db8:0:0:1:0:0:1")).as("the first of equal runs").isEqualTo("2001:db8::1:0:0:1");
        assertThat(text("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff")).isEqualTo("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff");
    }

    @Test
    void ipv4AndAScopeAreKept() throws Exception {
        assertThat(text("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(text("fe80:0:0:0:0:0:0:1%1")).isEqualTo("fe80::1%1");
    }

    @Test
    void aLiteralIsParsedAndAnythingElseIsNoAddressNeverALookup() throws Exception {
        assertThat(AddressText.parse("203.0.113.7")).isEqualTo(InetAddress.getByName("203.0.113.7"));
        assertThat(AddressText.parse("2001:DB8::7")).isEqualTo(InetAddress.getByName("2001:db8::7"));
        assertThat(AddressText.parse("::ffff:192.0.2.1")).isEqualTo(InetAddress.getByName("192.0.2.1"));
        for (String notOne : new String[] {"localhost", "example.org", "1.2.3", "1.2.3.4.5", "256.1.1.1", "010.1.1.1",
                "1.2.3.-4", "", ".:", "2001:db8::1%eth0", "2001:db8::g", "::1::2", "1.2.3.4 "}) {
            assertThat(AddressText.parse(notOne)).as("'%s'", notOne).isNull();
        }
    }

    private static String text(String literal) throws Exception {
        return AddressText.of(InetAddress.getByName(literal));
    }
}
