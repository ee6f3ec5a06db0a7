package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** CHATHISTORY (draft/chathistory) over real sockets, on what a line user said in a room. */
class IrcChatHistoryTest {
    private static final Pattern LIVE = Pattern.compile("^@time=(\\S+);msgid=(\\S+) (:\\S+ PRIVMSG .*)$");
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0", "--history-lines", "50",
            "--history-on-join", "5");

    private static TextClient withHistory(String nick) throws Exception {
        TextClient client = server.irc();
        client.send("CAP REQ :draft/chathistory batch server-time message-tags labeled-response");
        client.skipUntil(Expected.find(" CAP \\S+ ACK :"));
        client.send("NICK " + nick, "USER " + nick + " 0 * :Real " + nick, "CAP END");
        client.skipUntil(Expected.find(" (376|422) " + nick + " "));
        return client;
    }

    /** The lines of the next batch between its BATCH lines, each as {@code time msgid rest}, checked to be in it. */
    private static List<String> batch(TextClient client, String type) throws Exception {
        String start = client.skipUntil(Expected.find(" BATCH \\+"));
        Matcher opened = Pattern.compile("^(?:@label=\\S+ )?:reactor-chat BATCH \\+(\\S+) " + Pattern.quote(type) + "$")
                .matcher(start);
        assertThat(opened.matches()).as(start).isTrue();
        String id = opened.group(1);
        List<String> lines = new ArrayList<>();
        for (String line : client.linesUntil(Expected.exactly(":reactor-chat BATCH -" + id))) {
            assertThat(line).startsWith("@batch=" + id + ";");
            lines.add(line.substring(("@batch=" + id + ";").length()));
        }
        return lines;
    }

    @Test
    void aMemberPagesThroughWhatWasSaidWithTheTimesAndIdsItWasSaidWith() throws Exception {
        String room = unique("hist");
        String nick = unique("reader");
        TextClient reader = withHistory(nick).send("JOIN #" + room);
        reader.skipUntil(Expected.find(" 366 "));
        TextClient line = server.user(unique("liner"));
        line.send("/join " + room);
        line.expectFind("you are now in " + room);
        List<String> live = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            line.send("message " + i);
            Matcher said = LIVE.matcher(reader.skipUntil(Expected.find(" PRIVMSG ")));
            assertThat(said.matches()).isTrue();
            live.add("time=" + said.group(1) + ";msgid=" + said.group(2) + " " + said.group(3));
            ids.add(said.group(2));
        }
        reader.send("CHATHISTORY LATEST #" + room + " * 2");
        assertThat(batch(reader, "chathistory #" + room)).containsExactlyElementsOf(live.subList(1, 3));
        reader.send("CHATHISTORY BEFORE #" + room + " msgid=" + ids.get(2) + " 5");
        assertThat(batch(reader, "chathistory #" + room)).containsExactlyElementsOf(live.subList(0, 2));
        reader.send("CHATHISTORY AFTER #" + room + " msgid=" + ids.get(0) + " 1");
        assertThat(batch(reader, "chathistory #" + room)).containsExactly(live.get(1));
        reader.send("CHATHISTORY AROUND #" + room + " msgid=" + ids.get(1) + " 3");
        assertThat(batch(reader, "chathistory #" + room)).containsExactlyElementsOf(live);
        reader.send("CHATHISTORY BETWEEN #" + room + " msgid=" + ids.get(2) + " msgid=" + ids.get(0) + " 10");
        assertThat(batch(reader, "chathistory #" + room)).containsExactly(live.get(1));
        reader.send("CHATHISTORY LATEST #" + room + " timestamp=2000-01-01T00:00:00.000Z 1");
        assertThat(batch(reader, "chathistory #" + room)).containsExactly(live.get(2));
        reader.send("CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00.000Z timestamp=2100-01-01T00:00:00.000Z 10");
        String latest = live.get(2).substring("time=".length(), live.get(2).indexOf(';'));
        String start = reader.skipUntil(Expected.find(" BATCH \\+"));
        String id = start.substring(start.lastIndexOf('+') + 1, start.indexOf(' ', start.lastIndexOf('+')));
        assertThat(start).isEqualTo(":reactor-chat BATCH +" + id + " draft/chathistory-targets");
        assertThat(reader.linesUntil(Expected.exactly(":reactor-chat BATCH -" + id)))
                .contains("@batch=" + id + " :reactor-chat CHATHISTORY TARGETS #" + room + " " + latest);
        reader.send("@label=l1 CHATHISTORY LATEST #" + room + " * 1");
        assertThat(reader.skipUntil(Expected.find(" BATCH \\+"))).startsWith("@label=l1 :reactor-chat BATCH +");
        assertThat(reader.nextLine()).endsWith(live.get(2));
    }

    @Test
    void onlyMembersMayReadAndNicksHaveNoHistory() throws Exception {
        String room = unique("closed");
        TextClient member = withHistory(unique("member")).send("JOIN #" + room, "PRIVMSG #" + room + " :secret-ish");
        member.skipUntil(Expected.find(" 366 "));
        String outsiderNick = unique("outsider");
        TextClient outsider = withHistory(outsiderNick);
        outsider.send("CHATHISTORY LATEST #" + room + " * 10");
        assertThat(outsider.expectFind(" FAIL ")).isEqualTo(":reactor-chat FAIL CHATHISTORY INVALID_TARGET LATEST #" + room
                + " :Only the history of a channel you are in is kept");
        outsider.send("CHATHISTORY LATEST " + outsiderNick + " * 10");
        outsider.expectFind(" FAIL CHATHISTORY INVALID_TARGET LATEST " + outsiderNick + " ");
        outsider.send("CHATHISTORY BEFORE #" + room + " yesterday 10", "CHATHISTORY SOMETIME #" + room);
        outsider.expectFind(" FAIL CHATHISTORY INVALID_PARAMS BEFORE ");
        outsider.expectFind(" FAIL CHATHISTORY INVALID_PARAMS SOMETIME ");
        // Joining, a client with the capability is played nothing: it asks for what it wants.
        outsider.send("JOIN #" + room, "PING :sync");
        assertThat(outsider.linesUntil(Expected.find("PONG"))).noneMatch(line -> line.contains("secret-ish"));
        TextClient plain = server.registered(unique("plain"));
        plain.send("JOIN #" + room);
        assertThat(plain.skipUntil(Expected.find(" PRIVMSG "))).contains("secret-ish");
    }
}
