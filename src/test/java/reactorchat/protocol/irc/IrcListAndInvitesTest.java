package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** LIST's filters (ELIST=MNU) and INVITE alone, over real sockets. */
class IrcListAndInvitesTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0");

    private static List<String> listed(TextClient client, String filters) throws Exception {
        client.send("LIST " + filters);
        List<String> channels = new ArrayList<>();
        for (String line : client.linesUntil(Expected.find(" 323 "))) {
            if (line.contains(" 322 ")) {
                channels.add(line.split(" ")[3]);
            }
        }
        return channels;
    }

    @Test
    void listKeepsTheChannelsThatPassEveryFilter() throws Exception {
        String stem = unique("elist");
        TextClient a = server.registered(unique("a"));
        TextClient b = server.registered(unique("b"));
        a.send("JOIN #" + stem + "x,#" + stem + "y");
        a.skipUntil(Expected.find(" 366 \\S+ #" + stem + "y "));
        b.send("JOIN #" + stem + "y");
        b.skipUntil(Expected.find(" 366 "));
        TextClient asker = server.registered(unique("asker"));
        assertThat(listed(asker, "#" + stem + "*")).containsExactlyInAnyOrder("#" + stem + "x", "#" + stem + "y");
        assertThat(listed(asker, "*" + stem.toUpperCase() + "X")).containsExactly("#" + stem + "x");
        assertThat(listed(asker, "#" + stem + "*,!*y")).containsExactly("#" + stem + "x");
        assertThat(listed(asker, "#" + stem + "*,>1")).containsExactly("#" + stem + "y");
        assertThat(listed(asker, "#" + stem + "*,<2")).containsExactly("#" + stem + "x");
        assertThat(listed(asker, "#" + stem + "*,<1")).isEmpty();
        assertThat(listed(asker, "#" + stem + "x")).containsExactly("#" + stem + "x"); // a plain name, as before
        asker.send("VERSION");
        asker.skipUntil(Expected.find(" 005 .* ELIST=MNU "));
    }

    @Test
    void inviteAloneListsTheInvitationsNotYetUsed() throws Exception {
        String room = "#" + unique("inv");
        String guestNick = unique("guest");
        TextClient op = server.registered(unique("op")).send("JOIN " + room, "MODE " + room + " +i");
        op.skipUntil(Expected.find(" MODE "));
        TextClient guest = server.registered(guestNick);
        guest.send("INVITE");
        assertThat(guest.expectFind(" 337 ")).isEqualTo(":reactor-chat 337 " + guestNick + " :End of /INVITE list");
        op.send("INVITE " + guestNick + " " + room);
        guest.expectFind(" INVITE ");
        guest.send("INVITE");
        assertThat(guest.expectFind(" 336 ")).isEqualTo(":reactor-chat 336 " + guestNick + " " + room);
        guest.expectFind(" 337 ");
        guest.send("JOIN " + room, "INVITE");
        guest.skipUntil(Expected.find(" 366 "));
        guest.expectFind(" 337 "); // used: no longer listed
        guest.send("INVITE " + guestNick);
        guest.expectFind(" 461 " + guestNick + " INVITE ");
    }
}
