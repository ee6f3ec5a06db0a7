package reactorchat.protocol.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import reactorchat.reactor.TrustedProxies;

/** Which Host names count as this listener's, for addresses no test can bind everywhere (IPv6, a public one), and which origins are listed. */
class HandshakeTest {
    @Test
    void aListenerIsNamedByItsAddressLocalhostOnLoopbackAndItsWebHosts() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        assertThat(Handshake.namesListener("[::1]", v6, List.of())).isTrue();
        assertThat(Handshake.namesListener("[0:0:0:0:0:0:0:1]", v6, List.of())).isTrue();
        assertThat(Handshake.namesListener("localhost", v6, List.of())).isTrue();
        assertThat(Handshake.namesListener("[::2]", v6, List.of())).isFalse();

        InetAddress publicOne = InetAddress.getByName("192.0.2.7");
        assertThat(Handshake.namesListener("192.0.2.7", publicOne, List.of())).isTrue();
        assertThat(Handshake.namesListener("localhost", publicOne, List.of())).isFalse();
        assertThat(Handshake.namesListener("chat.example.org", publicOne, List.of())).isFalse();
        assertThat(Handshake.namesListener("chat.example.org", publicOne, List.of("chat.example.org"))).isTrue();
        assertThat(Handshake.namesListener("[::1]", publicOne, List.of())).isFalse();
    }

    @Test
    void aRebindingPageIsRefusedThoughItsOriginIsItsHost() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertThat(Handshake.originAllowed("http://evil.example:8080", "evil.example:8080", List.of(), loopback, List.of()))
                .isFalse();
        assertThat(Handshake.originAllowed("http://127.0.0.1:8080", "127.0.0.1:8080", List.of(), loopback, List.of()))
                .isTrue();
        assertThat(Handshake.originAllowed(null, "evil.example:8080", List.of(), loopback, List.of()))
                .as("no Origin: not a browser, so no visitor's browser is being used").isTrue();
    }

    @Test
    void listedOriginsAreKeptNormalisedAndMatchHoweverTheBrowserWritesThem() throws Exception {
        WebOptions options = new WebOptions(16 << 10, List.of("HTTPS://Chat.Example.org", "http://kiwi.example:8080/"),
                List.of(), 10, TrustedProxies.NONE);
        assertThat(options.origins()).containsExactly("https://chat.example.org:443", "http://kiwi.example:8080");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertThat(Handshake.originAllowed("https://chat.example.org", "127.0.0.1:8080", options.origins(), loopback, List.of()))
                .isTrue();
        assertThat(Handshake.originAllowed("https://chat.example.org:443", "127.0.0.1:8080", options.origins(), loopback, List.of()))
                .isTrue();
        assertThat(Handshake.originAllowed("http://chat.example.org", "127.0.0.1:8080", options.origins(), loopback, List.of()))
                .as("another scheme is another origin").isFalse();
        assertThat(Handshake.originAllowed("http://KIWI.example:8080", "127.0.0.1:8080", options.origins(), loopback, List.of()))
                .isTrue();
        assertThat(Handshake.originAllowed("http://kiwi.example", "127.0.0.1:8080", options.origins(), loopback, List.of()))
                .as("another port is another origin").isFalse();
    }
}
