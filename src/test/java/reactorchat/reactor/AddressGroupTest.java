package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/**
 * --max-per-address counts an IPv6 host by its prefix: one host holds a whole /64. Tested on the
 * loop's own accounting, since a test's sockets all come from ::1.
 */
class AddressGroupTest {
    private static final Limits ONE_PER_ADDRESS = new Limits(0, 1, 0, 0, 0, 0, 0, 0);
    /** Connections that close when their peer does, and do nothing else. */
    private static final ConnectionFactory CLOSING = QuietHandler.factory(connection -> new QuietHandler() {
        @Override
        public void onBytes(ByteBuffer in) {
            in.position(in.limit());
        }

        @Override
        public void onEof() {
            connection.close("peer closed");
        }
    });

    @Test
    void anIpv6AddressIsGroupedByItsPrefixAndAnIpv4OneIsItself() throws Exception {
        InetAddress group = AddressGroup.of(InetAddress.getByName("2001:db8:1:2:aaaa::1"), 64);
        assertThat(group).isEqualTo(InetAddress.getByName("2001:db8:1:2::"));
        assertThat(AddressGroup.describe(group, 64)).isEqualTo("2001:db8:1:2::/64");
        assertThat(AddressGroup.of(InetAddress.getByName("2001:db8:1:2:aaaa::1"), 128))
                .isEqualTo(InetAddress.getByName("2001:db8:1:2:aaaa::1"));
        assertThat(AddressGroup.of(InetAddress.getByName("192.0.2.7"), 64)).isEqualTo(InetAddress.getByName("192.0.2.7"));
    }

    @Test
    void anotherAddressInTheSameSlash64IsTheSamePeer() throws Exception {
        try (DrivenLoop loop = new DrivenLoop()) {
            loop.connect(CLOSING, ONE_PER_ADDRESS, "2001:db8:1:2::1", Long.MAX_VALUE);
            assertThat(loop.refusal(ONE_PER_ADDRESS, "2001:db8:1:2:ffff::9"))
                    .isEqualTo("too many connections from 2001:db8:1:2::/64 (1)");
            assertThat(loop.refusal(ONE_PER_ADDRESS, "2001:db8:1:3::1")).as("the next /64").isNull();
            assertThat(loop.refusal(ONE_PER_ADDRESS, "192.0.2.1")).isNull();
        }
    }

    @Test
    void thePrefixIsTheOperatorsChoice() throws Exception {
        try (DrivenLoop loop = new DrivenLoop()) {
            loop.groupIpv6By(48);
            loop.connect(CLOSING, ONE_PER_ADDRESS, "2001:db8:1:2::1", Long.MAX_VALUE);
            assertThat(loop.refusal(ONE_PER_ADDRESS, "2001:db8:1:3::1")).as("the same /48")
                    .isEqualTo("too many connections from 2001:db8:1::/48 (1)");
            assertThat(loop.refusal(ONE_PER_ADDRESS, "2001:db8:2::1")).isNull();
        }
    }

    @Test
    void aPeerThatLeavesFreesItsGroup() throws Exception {
        try (DrivenLoop loop = new DrivenLoop()) {
            DrivenLoop.Peer peer = loop.connect(CLOSING, ONE_PER_ADDRESS, "2001:db8:1:2::1", Long.MAX_VALUE);
            peer.sendEof();
            loop.pass();
            assertThat(peer.isClosed()).isTrue();
            assertThat(loop.refusal(ONE_PER_ADDRESS, "2001:db8:1:2::2")).isNull();
        }
    }
}
