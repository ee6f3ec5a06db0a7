package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static reactorchat.testing.TestServer.unique;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** Limits that guard the server from one IRC client: output amplification, line length, channel count. */
class IrcLimitsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0", "--flood-rate", "0", "--max-outbound", "16k");

    @Test
    void aListQueryThatOverflowsTheOutputLimitCutsOnlyTheAsker() throws Exception {
        String op = unique("bigban");
        String chan = "#" + unique("bigban");
        TextClient a = server.registered(op).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        String pad = "x".repeat(300);
        for (int i = 0; i < 100; i++) { // one at a time: the echoes must not pile up past the limit
            a.send("MODE " + chan + " +b " + pad + i + "!*@*").expectFind(" MODE " + chan + " \\+b " + pad + i + "!");
        }
        TextClient other = server.registered(unique("calm"));
        // 100 entries of ~400 bytes: one list is over 16k, so the asker is cut while it is formatted
        a.send("MODE " + chan + " bbbb");
        a.expectClosed();
        other.send("PING :still").expectFind("PONG .*still");
        assertThat(server.address("irc")).isNotNull();
    }

    /** Joins {@code channels}, as many per JOIN line as fit in 512 bytes, and waits for each. */
    private static void joinAll(TextClient client, List<String> channels) throws Exception {
        for (int from = 0; from < channels.size(); from += 12) {
            List<String> some = channels.subList(from, Math.min(channels.size(), from + 12));
            client.send("JOIN " + String.join(",", some));
            client.skipUntil(Expected.find(" 366 \\S+ " + some.get(some.size() - 1) + " "));
        }
    }

    private static String longChannel(String stem, int i) {
        String name = unique(stem) + "x" + i;
        return "#" + name + "y".repeat(32 - name.length());
    }

    @Test
    void whoisChannelsAreSplitToFit512Bytes() throws Exception {
        String nick = "d" + "a".repeat(29) + unique("");
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            channels.add(longChannel("w", i));
        }
        TextClient dave = server.registered(nick);
        joinAll(dave, channels);
        TextClient asker = server.registered(unique("asker"));
        asker.send("WHOIS " + nick);
        List<String> lines = asker.linesUntil(Expected.find(" 318 "));
        Set<String> seen = new HashSet<>();
        int replies = 0;
        for (String line : lines) {
            if (line.contains(" 319 ")) {
                replies++;
                assertThat(line.getBytes(StandardCharsets.UTF_8).length + 2).isLessThanOrEqualTo(512);
                for (String channel : line.substring(line.indexOf(" :") + 2).split(" ")) {
                    seen.add(channel.replaceFirst("^@", ""));
                }
            }
        }
        assertThat(replies).isGreaterThan(1); // 40 × 33 bytes cannot fit one line
        assertThat(seen).containsExactlyInAnyOrderElementsOf(channels);
    }

    @Test
    void anIrcUserMayBeInAtMost50ChannelsAndIsToldSo() throws Exception {
        String nick = unique("many");
        TextClient client = server.irc().send("NICK " + nick, "USER u 0 * :r");
        assertThat(String.join("\n", client.linesUntil(Expected.find(" 376 | 422 ")))).contains(" CHANLIMIT=#:50 ");
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            channels.add("#" + unique("m") + "z" + i);
        }
        joinAll(client, channels);
        String extra = "#" + unique("extra");
        client.send("JOIN " + extra + "," + channels.get(0));
        assertThat(client.expectFind(" 405 ")).isEqualTo(":reactor-chat 405 " + nick + " " + extra
                + " :You have joined too many channels");
        client.send("PING :sync");
        assertThat(client.linesUntil(Expected.find("PONG"))).isEmpty(); // a channel already joined is still silently nothing
        client.send("PART " + channels.get(0), "JOIN " + extra);
        client.skipUntil(Expected.find(" JOIN " + extra));
    }
}
