package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ?proxy on a listener and --proxy-from: how they are written, and the mistakes that stop a start. */
class ProxyConfigTest {
    @TempDir
    Path dir;

    @Test
    void aListenerAsksForThePROXYProtocolWithProxyAtTheEnd() throws Exception {
        Config config = Config.parse(List.of("--listen", "line?proxy", "--listen", "web=127.0.0.1:8080",
                "--proxy-from", "10.0.0.0/8", "--proxy-from", "::1,192.0.2.7"));
        assertThat(config.endpoints()).extracting(Endpoint::toString)
                .containsExactly("line=127.0.0.1:7000?proxy", "web=127.0.0.1:8080");
        assertThat(config.endpoints()).extracting(Endpoint::proxy).containsExactly(true, false);
        assertThat(config.proxies()).hasToString("10.0.0.0/8,::1/128,192.0.2.7/32");
        assertThat(config.web().proxies()).isSameAs(config.proxies());
        assertThat(config.proxies().trusts(InetAddress.getByName("10.9.8.7"))).isTrue();
        assertThat(Endpoint.parse("irc+tls=[::]:6697?proxy")).isEqualTo(
                new Endpoint(Dialect.IRC, Endpoint.parse("irc+tls=[::]:6697").address(), true, true));
        assertThat(Endpoint.parse("web=inherited?proxy")).isEqualTo(new Endpoint(Dialect.WEB, null, false, true));
    }

    @Test
    void noProxyIsTrustedUnlessListed() throws Exception {
        assertThat(Config.parse(List.of()).proxies().isEmpty()).isTrue();
        assertThat(Config.parse(List.of()).web().proxies().isEmpty()).isTrue();
    }

    @Test
    void theProxiesComeFromTheConfigFileToo() throws Exception {
        Path file = Files.writeString(dir.resolve("chat.properties"),
                "listen = irc=127.0.0.1:6667?proxy\nproxy-from = 127.0.0.1, ::1\n");
        Config config = Config.parse(List.of("--config", file.toString()));
        assertThat(config.endpoints()).extracting(Endpoint::toString).containsExactly("irc=127.0.0.1:6667?proxy");
        assertThat(config.proxies()).hasToString("127.0.0.1/32,::1/128");
    }

    @Test
    void mistakesAreNamed() {
        assertError(List.of("--listen", "irc?proxy"), "the irc listener takes the PROXY protocol (?proxy): give"
                + " --proxy-from");
        assertError(List.of("--listen", "irc?haproxy", "--proxy-from", "::1"), "unknown listener option in 'irc?haproxy'");
        assertError(List.of("--proxy-from", "proxy.example.org"), "'proxy.example.org'");
        assertError(List.of("--proxy-from", "10.0.0.0/40"), "0 to 32 bits");
    }

    @Test
    void aTrustListNoListenerUsesIsWarnedOf() throws Exception {
        assertThat(Config.parse(List.of("--proxy-from", "::1")).warnings())
                .anyMatch(warning -> warning.contains("proxy-from is given, but no listener has ?proxy"));
        assertThat(Config.parse(List.of("--listen", "web", "--proxy-from", "::1")).warnings())
                .noneMatch(warning -> warning.contains("proxy-from"));
    }

    private static void assertError(List<String> args, String message) {
        assertThatThrownBy(() -> Config.parse(args)).isInstanceOf(UsageException.class).hasMessageContaining(message);
    }
}
