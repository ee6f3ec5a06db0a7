package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** --proxy-from: networks of either family, a lone address as its own network, and nothing by default. */
class TrustedProxiesTest {
    @Test
    void anAddressIsTrustedWhenItIsInOneOfTheNetworks() throws Exception {
        TrustedProxies proxies = TrustedProxies.parse(List.of("10.1.0.0/16", "192.0.2.7", "2001:db8:ab::/48"));
        assertThat(proxies.trusts(InetAddress.getByName("10.1.255.3"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(proxies.trusts(InetAddress.getByName("192.0.2.7"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("192.0.2.8"))).isFalse();
        assertThat(proxies.trusts(InetAddress.getByName("2001:db8:ab:ff::1"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("2001:db8:ac::1"))).isFalse();
        assertThat(proxies.trusts(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(proxies).hasToString("10.1.0.0/16,192.0.2.7/32,2001:db8:ab::/48");
    }

    @Test
    void oddPrefixesMaskTheBitsWithinAByte() throws Exception {
        TrustedProxies proxies = TrustedProxies.parse(List.of("172.16.0.0/12", "::1/128"));
        assertThat(proxies.trusts(InetAddress.getByName("172.31.255.255"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("172.32.0.0"))).isFalse();
        assertThat(proxies.trusts(InetAddress.getByName("::1"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("127.0.0.1"))).as("IPv4 loopback is another family").isFalse();
    }

    @Test
    void noneIsTrustedByDefault() throws Exception {
        assertThat(TrustedProxies.NONE.trusts(InetAddress.getLoopbackAddress())).isFalse();
        assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts(InetAddress.getByName("198.51.100.1"))).isTrue();
    }

    @Test
    void anEntryThatIsNoNetworkIsNamed() {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("proxy.example.org")))
                .hasMessageContaining("'proxy.example.org'");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33"))).hasMessageContaining("0 to 32 bits");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("::/129"))).hasMessageContaining("0 to 128 bits");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/x"))).hasMessageContaining("'10.0.0.0/x'");
    }
}
