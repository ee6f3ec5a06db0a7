package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.protocol.irc.IrcServerFixture.unique;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Limits that guard the server from one IRC client: output amplification and its cut. */
class IrcLimitsTest {
    private static IrcServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = new IrcServerFixture("--flood-rate", "0", "--max-outbound", "16k");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aListQueryThatOverflowsTheOutputLimitCutsOnlyTheAsker() throws Exception {
        String op = unique("bigban");
        String chan = "#" + unique("bigban");
        TextClient a = server.registered(op).send("JOIN " + chan);
        a.expect(" 366 ");
        String pad = "x".repeat(300);
        for (int i = 0; i < 100; i++) { // one at a time: the echoes must not pile up past the limit
            a.send("MODE " + chan + " +b " + pad + i + "!*@*").expect(" MODE " + chan + " \\+b " + pad + i + "!");
        }
        TextClient other = server.registered(unique("calm"));
        // 100 entries of ~400 bytes: one list is over 16k, so the asker is cut while it is formatted
        a.send("MODE " + chan + " bbbb");
        a.expectClosed();
        other.send("PING :still").expect("PONG .*still");
        assertThat(server.address("irc")).isNotNull();
    }
}
