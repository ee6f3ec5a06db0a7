package reactorchat.protocol.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import reactorchat.reactor.TrustedProxies;

/** X-Forwarded-For read from the right while the address in hand is a trusted proxy's, and never from anyone else. */
class ForwardedForTest {
    private static final TrustedProxies PROXIES = TrustedProxies.parse(List.of("10.0.0.0/8", "2001:db8:ffff::/48"));

    private static String client(String header, String peer) throws Exception {
        InetAddress client = ForwardedFor.client(header, InetAddress.getByName(peer), PROXIES);
        return client == null ? null : client.getHostAddress();
    }

    @Test
    void theRightMostAddressThatIsNoTrustedProxyIsTheClient() throws Exception {
        assertThat(client("192.0.2.1", "10.0.0.1")).isEqualTo("192.0.2.1");
        assertThat(client("192.0.2.1, 10.0.0.2", "10.0.0.1")).as("through two proxies").isEqualTo("192.0.2.1");
        assertThat(client("6.6.6.6, 192.0.2.1", "10.0.0.1")).as("what the client wrote itself is passed over")
                .isEqualTo("192.0.2.1");
        assertThat(client("10.0.0.3, 10.0.0.2", "10.0.0.1")).as("every one a proxy: the first").isEqualTo("10.0.0.3");
        assertThat(client("2001:db8::7", "2001:db8:ffff::1")).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void portsAndBracketsSomeProxiesAddAreReadPast() throws Exception {
        assertThat(client("192.0.2.1:50000", "10.0.0.1")).isEqualTo("192.0.2.1");
        assertThat(client("[2001:db8::7]:50000", "10.0.0.1")).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(client("[2001:db8::7]", "10.0.0.1")).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void anUntrustedPeerOrAnEntryThatIsNoAddressChangesNothing() throws Exception {
        assertThat(client("192.0.2.1", "192.0.2.99")).isNull();
        assertThat(client(null, "10.0.0.1")).isNull();
        assertThat(client("unknown", "10.0.0.1")).isNull();
        assertThat(client("192.0.2.1, evil.example.org", "10.0.0.1")).isNull();
        assertThat(client("", "10.0.0.1")).isNull();
        assertThat(client("[2001:db8::7]x", "10.0.0.1")).isNull();
    }
}
