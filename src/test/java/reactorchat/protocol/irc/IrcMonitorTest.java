package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.chat.Watchlist;
import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;
import reactorchat.testing.TestServer;

/** MONITOR, WHOX and HELP over real sockets, line users among those watched. */
class IrcMonitorTest {
    private static final String HOST = TestServer.LOOPBACK_CLOAK;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0", "--listen",
            "line=127.0.0.1:0");

    @Test
    void watchersHearNicksComeAndGoInAnyDialect() throws Exception {
        String watcher = unique("watcher");
        String bar = unique("bar");
        String baz = unique("baz");
        String moved = unique("moved");
        TextClient w = server.registered(watcher);
        w.send("VERSION");
        assertThat(w.linesThrough(Expected.find(" 005 .* WHOX "))) // the last token, on the last 005 line
                .anyMatch(line -> line.matches(".* 005 .* MONITOR=" + Watchlist.PER_USER + " .*"));
        TextClient b = server.registered(bar);
        w.send("MONITOR + " + bar + "," + baz);
        assertThat(w.expectFind(" 730 ")).isEqualTo(":reactor-chat 730 " + watcher + " :" + bar + "!" + bar + "@" + HOST);
        assertThat(w.expectFind(" 731 ")).isEqualTo(":reactor-chat 731 " + watcher + " :" + baz);
        server.user(baz); // a line user takes the nick
        assertThat(w.expectFind(" 730 ")).startsWith(":reactor-chat 730 " + watcher + " :" + baz + "!");
        b.send("NICK " + bar.toUpperCase()); // a change of case changes nothing
        b.send("NICK " + moved);
        assertThat(w.expectFind(" 731 ")).isEqualTo(":reactor-chat 731 " + watcher + " :" + bar.toUpperCase());
        b.send("NICK " + bar);
        w.expectFind(" 730 " + watcher + " :" + bar + "!");
        b.send("QUIT :bye");
        assertThat(w.expectFind(" 731 ")).isEqualTo(":reactor-chat 731 " + watcher + " :" + bar);
        w.send("MONITOR - " + bar, "MONITOR L");
        assertThat(w.expectFind(" 732 ")).isEqualTo(":reactor-chat 732 " + watcher + " :" + baz);
        w.expectFind(" 733 " + watcher + " :End of MONITOR list");
        w.send("MONITOR C", "MONITOR S", "PING :sync");
        assertThat(w.linesUntil(Expected.find("PONG"))).isEmpty();
    }

    @Test
    void aFullListIsRefusedWith734AndKeepsWhatFitted() throws Exception {
        String watcher = unique("full");
        TextClient w = server.registered(watcher);
        List<String> nicks = new ArrayList<>();
        for (int i = 0; i < Watchlist.PER_USER + 2; i++) {
            nicks.add("n" + i + watcher);
        }
        // Several commands, each within 512 bytes.
        for (int from = 0; from < nicks.size(); from += 20) {
            w.send("MONITOR + " + String.join(",", nicks.subList(from, Math.min(nicks.size(), from + 20))));
        }
        String full = w.skipUntil(Expected.find(" 734 "));
        assertThat(full).isEqualTo(":reactor-chat 734 " + watcher + " " + Watchlist.PER_USER + " "
                + nicks.get(Watchlist.PER_USER) + "," + nicks.get(Watchlist.PER_USER + 1) + " :Monitor list is full");
        w.send("MONITOR L");
        List<String> listed = new ArrayList<>();
        for (String line : w.linesUntil(Expected.find(" 733 "))) {
            if (line.contains(" 732 ")) {
                listed.addAll(List.of(line.substring(line.indexOf(" :") + 2).split(",")));
            }
        }
        assertThat(listed).containsExactlyElementsOf(nicks.subList(0, Watchlist.PER_USER));
        w.send("MONITOR + *!user@host", "MONITOR + " + nicks.get(0));
        w.expectFind(" 432 " + watcher + " \\*!user@host ");
        w.expectFind(" 731 " + watcher + " :" + nicks.get(0)); // already there: its status again, no 734
    }

    @Test
    void whoxAnswersTheFieldsAskedForInItsOwnOrder() throws Exception {
        String asker = unique("asker");
        String cool = unique("cool");
        TextClient a = server.registered(asker);
        server.registered(cool).send("AWAY :brb").expectFind(" 306 ");
        a.send("WHO " + cool + " %rnfut,42");
        assertThat(a.expectFind(" 354 ")).isEqualTo(":reactor-chat 354 " + asker + " 42 " + cool + " " + cool + " G :Real "
                + cool);
        a.expectFind(" 315 " + asker + " " + cool + " ");
        a.send("WHO " + cool + " %tcuihsnfdlaor");
        assertThat(a.expectFind(" 354 ")).isEqualTo(":reactor-chat 354 " + asker + " 0 * " + cool + " 255.255.255.255 "
                + HOST + " reactor-chat " + cool + " G 0 0 0 n/a :Real " + cool);
        a.expectFind(" 315 ");
        a.send("WHO " + asker + " %ni");
        assertThat(a.expectFind(" 354 ")).isEqualTo(":reactor-chat 354 " + asker + " 127.0.0.1 " + asker);
        a.expectFind(" 315 ");
        a.send("WHO " + cool);
        a.expectFind(" 352 " + asker + " \\* " + cool + " ");
    }

    @Test
    void helpListsCommandsAndTellsHowToUseOne() throws Exception {
        String nick = unique("helped");
        TextClient c = server.registered(nick);
        c.send("HELP");
        assertThat(c.expectFind(" 704 ")).startsWith(":reactor-chat 704 " + nick + " * :Commands of ");
        assertThat(c.linesThrough(Expected.find(" 706 "))).anyMatch(line -> line.contains(" 705 " + nick + " * :")
                && line.contains("MONITOR")).last().asString().contains(" 706 " + nick + " * :End of /HELP");
        c.send("HELPOP privmsg");
        c.expectFind(" 704 " + nick + " PRIVMSG :PRIVMSG target");
        c.expectFind(" 706 " + nick + " PRIVMSG :End of /HELP");
        c.send("HELP nothing");
        c.expectFind(" 524 " + nick + " nothing :No help available on this topic");
    }
}
