package reactorchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class HostCloakTest {
    private static final byte[] KEY = "a key of thirty-two bytes, fixed".getBytes(StandardCharsets.US_ASCII);
    private final HostCloak cloak = new HostCloak(KEY, 64);

    @Test
    void anAddressHasOneCloakWhichDoesNotShowIt() {
        String shown = cloak.of("192.0.2.7");
        assertThat(shown).matches("c-[0-9a-f]{12}\\.ip").isEqualTo(new HostCloak(KEY, 64).of("192.0.2.7"));
        assertThat(cloak.of("192.0.2.8")).isNotEqualTo(shown);
    }

    @Test
    void anotherSecretGivesOtherCloaks() {
        byte[] other = KEY.clone();
        other[0] ^= 1;
        assertThat(new HostCloak(other, 64).of("192.0.2.7")).isNotEqualTo(cloak.of("192.0.2.7"));
    }

    @Test
    void anIpv6HostIsCloakedByItsPrefix() {
        String host = cloak.of("2001:db8:1:2::1");
        assertThat(cloak.of("2001:db8:1:2:ffff:eeee:dddd:cccc")).as("same /64").isEqualTo(host);
        assertThat(cloak.of("2001:DB8:1:2:0:0:0:9")).as("written otherwise").isEqualTo(host);
        assertThat(cloak.of("2001:db8:1:3::1")).as("next /64").isNotEqualTo(host);
        HostCloak by48 = new HostCloak(KEY, 48);
        assertThat(by48.of("2001:db8:1:3::1")).as("same /48").isEqualTo(by48.of("2001:db8:1:2::1"));
        assertThat(new HostCloak(KEY, 128).of("2001:db8:1:2::2")).isNotEqualTo(new HostCloak(KEY, 128).of("2001:db8:1:2::1"));
    }

    @Test
    void aPrefixKeepsItsBitsAndClearsTheRest() {
        byte[] all = new byte[16];
        Arrays.fill(all, (byte) 0xff);
        byte[] kept = HostCloak.prefix(all, 60);
        assertThat(kept[6]).isEqualTo((byte) 0xff);
        assertThat(kept[7]).isEqualTo((byte) 0xf0);
        assertThat(kept[8]).isZero();
    }

    @Test
    void masksMatchTheCloakAndOnlyAServerOperatorsMatchTheRealAddress() {
        Chat chat = new Chat(Clock.systemUTC());
        chat.hideAddresses(cloak);
        User user = chat.connect((event, shared) -> { }, "192.0.2.7", "alice", "al", "Alice").orElseThrow();
        assertThat(user.host()).isEqualTo(cloak.of("192.0.2.7"));
        assertThat(user.address()).isEqualTo("192.0.2.7");
        for (boolean byAddress : new boolean[] {false, true}) {
            assertThat(Mask.matches("*!*@" + cloak.of("192.0.2.7"), user, byAddress)).isTrue();
            assertThat(Mask.matches("*!*@192.0.2.8", user, byAddress)).isFalse();
            assertThat(Mask.matches("*!*@" + cloak.of("192.0.2.8"), user, byAddress)).isFalse();
        }
        assertThat(Mask.matches("*!*@192.0.2.*", user, true)).isTrue();
        assertThat(Mask.matches("*!*@192.0.2.*", user, false)).isFalse();
        assertThat(Mask.matches("*!*@1*", user, false)).isFalse();
    }
}
