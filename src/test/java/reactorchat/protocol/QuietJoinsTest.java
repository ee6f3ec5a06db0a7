package reactorchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/**
 * With --quiet-joins-above 2, whoever joins a room of two or more is announced only when they
 * first speak, and until then the others' NAMES, WHO and /who leave them out, in every dialect.
 */
class QuietJoinsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0", "--quiet-joins-above", "2");

    @Test
    void aQuietJoinerIsAnnouncedToIrcAndLineUsersWhenItFirstSpeaks() throws Exception {
        String room = unique("big");
        String op = unique("op");
        String liner = unique("liner");
        String quiet = unique("quiet");
        TextClient irc = server.registered(op).send("JOIN #" + room);
        irc.skipUntil(Expected.find(" 366 "));
        TextClient line = server.user(liner);
        line.send("/join " + room);
        line.skipUntil(Expected.find("^\\* you are now in " + room + " "));
        irc.expectFind("^:" + liner + "!\\S+ JOIN #" + room + "$");

        TextClient newcomer = server.registered(quiet).send("JOIN #" + room);
        List<String> names = newcomer.linesUntil(Expected.find(" 366 "));
        assertThat(names).anyMatch(l -> l.contains(" 353 ") && l.contains(op) && l.contains(liner) && l.contains(quiet));

        irc.send("NAMES #" + room);
        String opNames = irc.expectFind(" 353 ");
        assertThat(opNames).as("the op was not told of the quiet join").contains(liner).doesNotContain(quiet);
        irc.expectFind(" 366 ");
        line.send("/who " + room);
        line.expectFind("^\\* 3 users in " + room + ": " + op + ", " + liner + "$");
        line.expectFind("^\\*   and 1 who came in quietly and have not spoken$");

        newcomer.send("PRIVMSG #" + room + " :hello all");
        irc.expectFind("^:" + quiet + "!\\S+ JOIN #" + room + "$");
        irc.expectFind("^:" + quiet + "!\\S+ PRIVMSG #" + room + " :hello all$");
        line.expectFind("^\\* " + quiet + " joined$");
        line.expectFind("<" + quiet + "> hello all$");

        newcomer.send("PART #" + room + " :bye");
        irc.expectFind("^:" + quiet + "!\\S+ PART #" + room + " :bye$");
    }

    @Test
    void aQuietJoinerWhoLeavesWithoutSpeakingIsNeverHeardOf() throws Exception {
        String room = unique("big");
        TextClient irc = server.registered(unique("op")).send("JOIN #" + room);
        irc.skipUntil(Expected.find(" 366 "));
        TextClient second = server.registered(unique("two")).send("JOIN #" + room);
        second.skipUntil(Expected.find(" 366 "));
        irc.expectFind(" JOIN #" + room + "$");

        String quiet = unique("quiet");
        TextClient newcomer = server.registered(quiet).send("JOIN #" + room, "PART #" + room);
        newcomer.skipUntil(Expected.find(" PART #" + room));
        TextClient lurker = server.registered(unique("lurk")).send("JOIN #" + room, "QUIT :gone");
        lurker.expectClosed();

        second.send("PRIVMSG #" + room + " :still here");
        assertThat(irc.nextLine()).as("nothing of the quiet ones came first").endsWith("PRIVMSG #" + room + " :still here");
    }
}
