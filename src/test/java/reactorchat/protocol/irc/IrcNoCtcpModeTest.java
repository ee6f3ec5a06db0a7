package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** Channel mode +C: no CTCP to the channel but ACTION, which is what /me sends. */
class IrcNoCtcpModeTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0");

    @Test
    void aChannelWithCRefusesEveryCtcpButAction() throws Exception {
        String room = "#" + unique("noctcp");
        String opNick = unique("op");
        String userNick = unique("user");
        TextClient op = server.registered(opNick).send("JOIN " + room);
        op.skipUntil(Expected.find(" 366 "));
        TextClient user = server.registered(userNick).send("JOIN " + room);
        user.skipUntil(Expected.find(" 366 "));
        op.skipUntil(Expected.find(" JOIN "));

        user.send("PRIVMSG " + room + " :\u0001PING 1\u0001");
        assertThat(op.skipUntil(Expected.find(" PRIVMSG "))).endsWith(" PRIVMSG " + room + " :\u0001PING 1\u0001");

        op.send("MODE " + room + " +C");
        user.skipUntil(Expected.find(" MODE " + room + " \\+C$"));
        user.send("PRIVMSG " + room + " :\u0001PING 2\u0001", "NOTICE " + room + " :\u0001VERSION x\u0001",
                "PRIVMSG " + room + " :\u0001ACTION waves\u0001", "PRIVMSG " + room + " :plain", "PING :sync");
        assertThat(user.linesUntil(Expected.find("PONG"))).as("a NOTICE is never answered, refused or not")
                .containsExactly(":reactor-chat 404 " + userNick + " " + room + " :Cannot send to channel");
        assertThat(op.skipUntil(Expected.find(" PRIVMSG | NOTICE "))).as("the action passes, and nothing before it")
                .endsWith(" PRIVMSG " + room + " :\u0001ACTION waves\u0001");
        assertThat(op.skipUntil(Expected.find(" PRIVMSG "))).endsWith(" PRIVMSG " + room + " :plain");

        op.send("MODE " + room);
        op.skipUntil(Expected.find(" 324 " + opNick + " " + room + " \\+ntC$"));
    }
}
