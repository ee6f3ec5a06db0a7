package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** STATUSMSG: PRIVMSG and NOTICE to a channel's operators ({@code @#c}) or operators and voiced ({@code +#c}). */
class IrcStatusMessageTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0");

    @Test
    void onlyThoseWithTheStandingHearIt() throws Exception {
        String room = "#" + unique("status");
        String opNick = unique("op");
        String voicedNick = unique("voiced");
        String senderNick = unique("sender");
        TextClient op = server.registered(opNick).send("JOIN " + room);
        op.skipUntil(Expected.find(" 366 "));
        TextClient voiced = server.registered(voicedNick).send("JOIN " + room);
        voiced.skipUntil(Expected.find(" 366 "));
        TextClient sender = server.registered(senderNick).send("JOIN " + room);
        sender.skipUntil(Expected.find(" 366 "));
        op.send("MODE " + room + " +v " + voicedNick);
        voiced.skipUntil(Expected.find(" MODE "));
        sender.skipUntil(Expected.find(" MODE "));
        sender.send("PRIVMSG @" + room + " :ops only", "NOTICE +" + room + " :ops and voiced");
        assertThat(op.skipUntil(Expected.find(" PRIVMSG "))).endsWith(" PRIVMSG @" + room + " :ops only");
        assertThat(op.skipUntil(Expected.find(" NOTICE "))).endsWith(" NOTICE +" + room + " :ops and voiced");
        assertThat(voiced.skipUntil(Expected.find(" NOTICE |PRIVMSG ")))
                .isEqualTo(":" + senderNick + "!" + senderNick + "@" + reactorchat.testing.TestServer.LOOPBACK_CLOAK + " NOTICE +" + room
                        + " :ops and voiced");
        sender.send("PRIVMSG @#nowhere" + senderNick + " :x", "PING :sync");
        assertThat(sender.linesUntil(Expected.find("PONG"))) // nothing of its own, as it has neither standing
                .containsExactly(":reactor-chat 403 " + senderNick + " @#nowhere" + senderNick + " :No such channel");
        voiced.send("VERSION");
        voiced.skipUntil(Expected.find(" 005 .* STATUSMSG=@\\+ "));
    }
}
