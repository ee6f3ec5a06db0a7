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
import reactorchat.testing.TestServer;

/** Channels over real sockets: JOIN, PART, TOPIC, NAMES, LIST, MODE, KICK, INVITE and their errors. */
class IrcChannelTest {
    /** How every test user, all on 127.0.0.1, is shown to IRC users: a cloak, not the address. */
    private static final String HOST = TestServer.LOOPBACK_CLOAK;
    @RegisterExtension
    static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0");

    @Test
    void joinEchoesTheJoinThenNamesWithTheFirstJoinerAsOperator() throws Exception {
        String op = unique("op");
        String other = unique("other");
        String chan = "#" + unique("chan");
        TextClient a = server.registered(op).send("JOIN " + chan);
        assertThat(a.expectFind(" JOIN ")).isEqualTo(":" + op + "!" + op + "@" + HOST + " JOIN " + chan);
        assertThat(a.expectFind(" 353 ")).isEqualTo(":reactor-chat 353 " + op + " = " + chan + " :@" + op);
        assertThat(a.expectFind(" 366 ")).isEqualTo(":reactor-chat 366 " + op + " " + chan + " :End of /NAMES list");
        TextClient b = server.registered(other).send("JOIN " + chan);
        b.skipUntil(Expected.find(" 353 " + other + " = " + chan + " :@" + op + " " + other));
        b.expectFind(" 366 ");
        a.expectFind(":" + other + "!" + other + "@" + HOST + " JOIN " + chan);
        b.send("JOIN " + chan, "PING :sync");
        assertThat(b.linesUntil(Expected.find("PONG"))).isEmpty(); // joining again is silently nothing
    }

    @Test
    void severalChannelsAtOnceJoinZeroAndPartWithReason() throws Exception {
        String nick = unique("multi");
        String watcher = unique("watch");
        String c1 = "#" + unique("c");
        String c2 = "#" + unique("c");
        TextClient w = server.registered(watcher).send("JOIN " + c1 + "," + c2);
        w.skipUntil(Expected.find(" 366 " + watcher + " " + c2));
        TextClient client = server.registered(nick).send("JOIN " + c1 + "," + c2 + " key1,key2");
        client.expectFind(" JOIN " + c1);
        client.skipUntil(Expected.find(" JOIN " + c2));
        client.send("PART " + c1 + " :see you");
        assertThat(w.skipUntil(Expected.find(" PART "))).isEqualTo(":" + nick + "!" + nick + "@" + HOST + " PART " + c1 + " :see you");
        client.skipUntil(Expected.find(" PART " + c1 + " :see you"));
        client.send("JOIN 0");
        client.expectFind(" PART " + c2);
        w.expectFind(nick + ".* PART " + c2);
        client.send("PART " + c2);
        assertThat(client.expectFind(" 442 ")).isEqualTo(":reactor-chat 442 " + nick + " " + c2
                + " :You're not on that channel");
        client.send("PART #nowhere" + nick);
        client.expectFind(" 403 " + nick + " #nowhere" + nick + " :No such channel");
        client.send("JOIN nohash");
        client.expectFind(" 403 " + nick + " nohash ");
        client.send("JOIN");
        client.expectFind(" 461 " + nick + " JOIN :Not enough parameters");
    }

    @Test
    void topicQuerySetAndLock() throws Exception {
        String op = unique("top");
        String user = unique("usr");
        String chan = "#" + unique("topic");
        TextClient a = server.registered(op).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        a.send("TOPIC " + chan);
        assertThat(a.expectFind(" 331 ")).isEqualTo(":reactor-chat 331 " + op + " " + chan + " :No topic is set");
        TextClient b = server.registered(user).send("JOIN " + chan);
        b.skipUntil(Expected.find(" 366 "));
        a.send("TOPIC " + chan + " :the plan for today");
        assertThat(b.expectFind(" TOPIC ")).isEqualTo(":" + op + "!" + op + "@" + HOST + " TOPIC " + chan
                + " :the plan for today");
        a.skipUntil(Expected.find(" TOPIC " + chan + " :the plan"));
        b.send("TOPIC " + chan + " :mine now");
        assertThat(b.expectFind(" 482 ")).isEqualTo(":reactor-chat 482 " + user + " " + chan
                + " :You're not channel operator");
        b.send("TOPIC " + chan);
        b.expectFind(" 332 " + user + " " + chan + " :the plan for today");
        assertThat(b.expectFind(" 333 ")).matches(":reactor-chat 333 " + user + " " + chan + " " + op + " \\d+");
        TextClient late = server.registered(unique("late")).send("JOIN " + chan);
        late.skipUntil(Expected.find(" 332 .* :the plan for today"));
        late.send("PART " + chan);
        late.skipUntil(Expected.find(" PART "));
        late.send("TOPIC " + chan + " :outsider");
        late.expectFind(" 442 ");
        late.send("TOPIC #none" + op);
        late.expectFind(" 403 ");
    }

    @Test
    void namesAreSplitToFit512Bytes() throws Exception {
        String chan = "#" + unique("big");
        List<String> nicks = new ArrayList<>();
        TextClient first = null;
        for (int i = 0; i < 40; i++) {
            String nick = unique("n") + "_".repeat(25);
            nicks.add(nick);
            TextClient client = server.registered(nick).send("JOIN " + chan);
            client.skipUntil(Expected.find(" 366 "));
            first = first == null ? client : first;
        }
        first.send("NAMES " + chan);
        List<String> lines = first.linesUntil(Expected.find(" 366 "));
        List<String> replies = lines.stream().filter(line -> line.contains(" 353 ")).toList();
        assertThat(replies.size()).isGreaterThan(2);
        List<String> listed = new ArrayList<>();
        for (String line : replies) {
            assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(510);
            for (String entry : line.substring(line.indexOf(" :") + 2).split(" ")) {
                listed.add(entry.replace("@", ""));
            }
        }
        assertThat(listed).containsExactlyElementsOf(nicks);
        first.send("NAMES #nothing" + chan.substring(1));
        first.expectFind(" 366 \\S+ #nothing");
        first.send("NAMES");
        first.expectFind(" 366 \\S+ \\* ");
    }

    @Test
    void listShowsChannelsWithCountsAndTopics() throws Exception {
        String nick = unique("lister");
        String chan = "#" + unique("listed");
        TextClient client = server.registered(nick).send("JOIN " + chan, "TOPIC " + chan + " :about lists");
        client.skipUntil(Expected.find(" TOPIC "));
        client.send("LIST");
        List<String> lines = client.linesUntil(Expected.find(" 323 "));
        assertThat(lines).contains(":reactor-chat 321 " + nick + " Channel :Users  Name",
                ":reactor-chat 322 " + nick + " " + chan + " 1 :about lists");
        client.send("LIST " + chan);
        assertThat(client.linesUntil(Expected.find(" 323 "))).containsExactly(":reactor-chat 321 " + nick + " Channel :Users  Name",
                ":reactor-chat 322 " + nick + " " + chan + " 1 :about lists");
    }

    @Test
    void channelModesModeratedVoiceKeyLimitInviteOnly() throws Exception {
        String op = unique("mop");
        String user = unique("muser");
        String chan = "#" + unique("modes");
        TextClient a = server.registered(op).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        a.send("MODE " + chan);
        assertThat(a.expectFind(" 324 ")).isEqualTo(":reactor-chat 324 " + op + " " + chan + " +nt");
        a.expectFind(" 329 " + op + " " + chan + " \\d+");
        TextClient b = server.registered(user).send("JOIN " + chan);
        b.skipUntil(Expected.find(" 366 "));
        a.send("MODE " + chan + " +m");
        b.expectFind(":" + op + "!\\S+ MODE " + chan + " \\+m$");
        b.send("PRIVMSG " + chan + " :can I talk?");
        assertThat(b.expectFind(" 404 ")).isEqualTo(":reactor-chat 404 " + user + " " + chan + " :Cannot send to channel");
        a.send("MODE " + chan + " +v " + user);
        b.expectFind(" MODE " + chan + " \\+v " + user);
        b.send("PRIVMSG " + chan + " :now I can");
        a.skipUntil(Expected.find(":" + user + "!\\S+ PRIVMSG " + chan + " :now I can"));
        b.send("MODE " + chan + " -m");
        b.expectFind(" 482 " + user + " " + chan + " ");
        a.send("MODE " + chan + " +k sesame");
        a.expectFind(" MODE " + chan + " \\+k sesame");
        a.send("MODE " + chan);
        a.expectFind(" 324 " + op + " " + chan + " \\+ntmk sesame");
        TextClient c = server.registered(unique("outsider"));
        c.send("MODE " + chan);
        c.expectFind(" 324 \\S+ " + chan + " \\+ntmk \\*");
        c.send("JOIN " + chan);
        assertThat(c.skipUntil(Expected.find(" 475 "))).endsWith(chan + " :Cannot join channel (+k)");
        c.send("JOIN " + chan + " wrong");
        c.expectFind(" 475 ");
        c.send("JOIN " + chan + " sesame");
        c.expectFind(" JOIN " + chan);
        c.send("PART " + chan);
        c.skipUntil(Expected.find(" PART "));
        a.send("MODE " + chan + " -k+l sesame 3");
        a.skipUntil(Expected.find(" MODE " + chan + " -k\\+l \\* 3"));
        a.send("MODE " + chan + " +l 2");
        a.expectFind(" MODE " + chan + " \\+l 2");
        c.send("JOIN " + chan);
        assertThat(c.expectFind(" 471 ")).endsWith(chan + " :Cannot join channel (+l)");
        a.send("MODE " + chan + " -l+i");
        a.expectFind(" MODE " + chan + " -l\\+i");
        c.send("JOIN " + chan);
        assertThat(c.expectFind(" 473 ")).endsWith(chan + " :Cannot join channel (+i)");
    }

    @Test
    void inviteLetsAnInvitedUserIntoAnInviteOnlyChannel() throws Exception {
        String op = unique("iop");
        String guest = unique("guest");
        String chan = "#" + unique("inv");
        TextClient a = server.registered(op).send("JOIN " + chan, "MODE " + chan + " +i");
        a.skipUntil(Expected.find(" MODE " + chan + " \\+i"));
        TextClient b = server.registered(guest).send("JOIN " + chan);
        b.expectFind(" 473 ");
        b.send("INVITE " + op + " " + chan);
        b.expectFind(" 442 " + guest + " " + chan + " ");
        a.send("INVITE " + guest + " " + chan);
        assertThat(a.expectFind(" 341 ")).isEqualTo(":reactor-chat 341 " + op + " " + guest + " " + chan);
        assertThat(b.expectFind(" INVITE ")).isEqualTo(":" + op + "!" + op + "@" + HOST + " INVITE " + guest + " " + chan);
        b.send("JOIN " + chan);
        b.expectFind(" JOIN " + chan);
        a.send("INVITE " + guest + " " + chan);
        assertThat(a.skipUntil(Expected.find(" 443 "))).isEqualTo(":reactor-chat 443 " + op + " " + guest + " " + chan
                + " :is already on channel");
        a.send("INVITE nobody" + op + " " + chan);
        a.expectFind(" 401 " + op + " nobody" + op + " :No such nick/channel");
        a.send("INVITE " + guest);
        a.expectFind(" 461 " + op + " INVITE ");
    }

    @Test
    void aPlainMembersInviteLetsNobodyPastABanAKeyOrALimit() throws Exception {
        String op = unique("gop");
        String member = unique("gmem");
        String banned = unique("gban");
        String chan = "#" + unique("gate");
        TextClient a = server.registered(op).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        TextClient m = server.registered(member).send("JOIN " + chan);
        m.skipUntil(Expected.find(" 366 "));
        a.send("MODE " + chan + " +b " + banned);
        m.expectFind(" MODE " + chan + " \\+b ");
        TextClient b = server.registered(banned);
        m.send("INVITE " + banned + " " + chan);
        m.expectFind(" 341 " + member + " " + banned + " " + chan);
        b.expectFind(" INVITE " + banned + " " + chan);
        b.send("JOIN " + chan);
        b.expectFind(" 474 " + banned + " " + chan + " ");
        a.send("MODE " + chan + " -b+kl " + banned + " sesame 2");
        m.expectFind(" MODE " + chan + " -b\\+kl ");
        m.send("INVITE " + banned + " " + chan);
        b.expectFind(" INVITE " + banned + " " + chan);
        b.send("JOIN " + chan);
        b.expectFind(" 475 " + banned + " " + chan + " ");
        a.send("MODE " + chan + " -k *");
        m.skipUntil(Expected.find(" MODE " + chan + " -k "));
        b.send("JOIN " + chan);
        b.expectFind(" 471 " + banned + " " + chan + " ");
        a.send("INVITE " + banned + " " + chan); // an operator's invitation still opens the door
        b.expectFind(" INVITE " + banned + " " + chan);
        b.send("JOIN " + chan);
        b.expectFind(" JOIN " + chan);
    }

    @Test
    void modeErrorsAndUserModes() throws Exception {
        String op = unique("eop");
        String chan = "#" + unique("emode");
        TextClient a = server.registered(op).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        a.send("MODE " + chan + " +z");
        assertThat(a.expectFind(" 472 ")).isEqualTo(":reactor-chat 472 " + op + " z :is unknown mode char to me");
        a.send("MODE " + chan + " +o nobody" + op);
        a.expectFind(" 401 " + op + " nobody" + op);
        String other = unique("eother");
        server.registered(other);
        a.send("MODE " + chan + " +o " + other);
        assertThat(a.expectFind(" 441 ")).isEqualTo(":reactor-chat 441 " + op + " " + other + " " + chan
                + " :They aren't on that channel");
        a.send("MODE " + chan + " +k");
        a.expectFind(" 461 " + op + " MODE ");
        a.send("MODE " + chan + " +k :two words");
        assertThat(a.expectFind(" 696 ")).isEqualTo(":reactor-chat 696 " + op + " " + chan + " k * :Invalid key");
        a.send("MODE " + chan + " +l :0");
        a.expectFind(" 696 " + op + " " + chan + " l 0 :Invalid limit");
        a.send("MODE " + chan + " b");
        a.expectFind(" 368 " + op + " " + chan + " :End of channel ban list");
        a.send("MODE " + chan + " +p");
        a.expectFind(" 472 " + op + " p ");
        a.send("MODE #none" + op);
        a.expectFind(" 403 ");
        a.send("MODE " + op);
        assertThat(a.expectFind(" 221 ")).isEqualTo(":reactor-chat 221 " + op + " +");
        a.send("MODE " + op + " +i");
        assertThat(a.expectFind(" MODE ")).isEqualTo(":" + op + "!" + op + "@" + HOST + " MODE " + op + " :+i");
        a.send("MODE " + op);
        a.expectFind(" 221 " + op + " \\+i");
        a.send("MODE " + op + " +x");
        assertThat(a.expectFind(" 501 ")).isEqualTo(":reactor-chat 501 " + op + " :Unknown MODE flag");
        a.send("MODE " + other + " +i");
        assertThat(a.expectFind(" 502 ")).isEqualTo(":reactor-chat 502 " + op + " :Can't change mode for other users");
        a.send("MODE nobody" + op);
        a.expectFind(" 401 ");
    }

    @Test
    void kickNeedsAnOperatorAndTellsTheChannel() throws Exception {
        String op = unique("kop");
        String victim = unique("victim");
        String chan = "#" + unique("kick");
        TextClient a = server.registered(op).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        TextClient b = server.registered(victim).send("JOIN " + chan);
        b.skipUntil(Expected.find(" 366 "));
        b.send("KICK " + chan + " " + op + " :mutiny");
        b.expectFind(" 482 " + victim + " " + chan + " ");
        String stranger = unique("stranger");
        server.registered(stranger);
        a.send("KICK " + chan + " " + stranger);
        a.skipUntil(Expected.find(" 441 " + op + " " + stranger + " " + chan + " "));
        a.send("KICK " + chan + " ghost" + op);
        a.expectFind(" 401 ");
        a.send("KICK #none" + op + " " + victim);
        a.expectFind(" 403 ");
        a.send("KICK " + chan);
        a.expectFind(" 461 " + op + " KICK ");
        a.send("KICK " + chan + "," + chan + " " + victim);
        a.expectFind(" 461 " + op + " KICK ");
        a.send("KICK " + chan + " " + victim + " :behave");
        String kick = ":" + op + "!" + op + "@" + HOST + " KICK " + chan + " " + victim + " :behave";
        assertThat(b.expectFind(" KICK ")).isEqualTo(kick);
        assertThat(a.expectFind(" KICK ")).isEqualTo(kick);
        b.send("PRIVMSG " + chan + " :still here?");
        b.expectFind(" 404 ");
        TextClient c = server.registered(unique("nonmember"));
        c.send("KICK " + chan + " " + op);
        c.expectFind(" 442 ");
    }

    @Test
    void multiPrefixAndUserhostInNamesChangeHowMembersAreListed() throws Exception {
        String op = unique("mp");
        String chan = "#" + unique("prefixes");
        TextClient a = server.irc().send("CAP LS 302", "NICK " + op, "USER " + op + " 0 * :r",
                "CAP REQ :multi-prefix userhost-in-names", "CAP END");
        a.skipUntil(Expected.find(" CAP " + op + " ACK :multi-prefix userhost-in-names"));
        a.expectFind(" 001 ");
        a.send("JOIN " + chan, "MODE " + chan + " +v " + op);
        a.skipUntil(Expected.find(" MODE " + chan + " \\+v "));
        a.send("NAMES " + chan);
        assertThat(a.expectFind(" 353 ")).isEqualTo(":reactor-chat 353 " + op + " = " + chan + " :@+" + op + "!" + op
                + "@" + HOST);
        a.send("WHO " + chan);
        a.skipUntil(Expected.find(" 352 " + op + " " + chan + " .* H@\\+ :0 r"));
        TextClient plain = server.registered(unique("plain"));
        plain.send("NAMES " + chan);
        plain.expectFind(" 353 \\S+ = " + chan + " :@" + op + "$");
    }

    @Test
    void linksListsOnlyThisServer() throws Exception {
        String nick = unique("links");
        TextClient client = server.registered(nick).send("LINKS");
        assertThat(client.expectFind(" 364 ")).startsWith(":reactor-chat 364 " + nick + " reactor-chat reactor-chat :0 ");
        client.expectFind(" 365 " + nick + " \\* :End of /LINKS list");
    }

    @Test
    void bansExceptionsAndInviteExceptions() throws Exception {
        String op = unique("bop");
        String banned = unique("banned");
        String chan = "#" + unique("bans");
        TextClient a = server.registered(op).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        a.send("MODE " + chan + " +b " + banned);
        assertThat(a.expectFind(" MODE ")).isEqualTo(":" + op + "!" + op + "@" + HOST + " MODE " + chan + " +b " + banned
                + "!*@*");
        a.send("MODE " + chan + " +b");
        assertThat(a.expectFind(" 367 ")).matches(":reactor-chat 367 " + op + " " + chan + " " + banned + "!\\*@\\* " + op
                + " \\d+");
        a.expectFind(" 368 " + op + " " + chan + " :End of channel ban list");
        TextClient b = server.registered(banned).send("JOIN " + chan);
        assertThat(b.expectFind(" 474 ")).isEqualTo(":reactor-chat 474 " + banned + " " + chan
                + " :Cannot join channel (+b)");
        a.send("MODE " + chan + " +e *!" + banned + "@*");
        a.expectFind(" MODE " + chan + " \\+e \\*!" + banned + "@\\*");
        a.send("MODE " + chan + " e");
        a.expectFind(" 348 " + op + " " + chan + " \\*!" + banned + "@\\* ");
        a.expectFind(" 349 " + op + " " + chan + " :End of channel exception list");
        b.send("JOIN " + chan);
        b.expectFind(" JOIN " + chan);
        b.send("PART " + chan);
        b.skipUntil(Expected.find(" PART "));
        a.send("MODE " + chan + " -be+iI " + banned + " *!" + banned + "@* " + banned.substring(0, 3) + "*");
        a.skipUntil(Expected.find(" MODE " + chan + " -be\\+iI "));
        b.send("JOIN " + chan);
        b.expectFind(" JOIN " + chan);
        a.send("MODE " + chan + " I");
        a.skipUntil(Expected.find(" 346 " + op + " " + chan + " " + banned.substring(0, 3) + "\\*!\\*@\\* " + op + " "));
        a.expectFind(" 347 ");
    }

    @Test
    void secretChannelsAreHiddenFromOutsiders() throws Exception {
        String op = unique("sop");
        String outsider = unique("sout");
        String chan = "#" + unique("secret");
        TextClient a = server.registered(op).send("JOIN " + chan, "MODE " + chan + " +s");
        a.skipUntil(Expected.find(" MODE " + chan + " \\+s"));
        a.send("NAMES " + chan);
        a.expectFind(" 353 " + op + " @ " + chan + " :@" + op);
        TextClient b = server.registered(outsider);
        b.send("LIST");
        assertThat(b.linesUntil(Expected.find(" 323 "))).noneMatch(line -> line.contains(chan));
        b.send("NAMES " + chan);
        assertThat(b.linesUntil(Expected.find(" 366 "))).isEmpty();
        b.send("WHO " + chan);
        assertThat(b.linesUntil(Expected.find(" 315 "))).isEmpty();
        b.send("WHOIS " + op);
        assertThat(b.linesUntil(Expected.find(" 318 "))).noneMatch(line -> line.contains(" 319 "));
        TextClient line = server.user(unique("sline"));
        line.send("/rooms");
        assertThat(line.linesUntil(Expected.find("^\\* +lobby"))).noneMatch(l -> l.contains(chan.substring(1)));
    }

    @Test
    void aSecretChannelAnswersOutsidersExactlyAsAMissingOne() throws Exception {
        String owner = unique("hush");
        String outsider = unique("nosy");
        String chan = "#" + unique("quiet");
        String missing = "#" + unique("none");
        TextClient a = server.registered(owner).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        a.send("MODE " + chan + " +s-n", "TOPIC " + chan + " :plans");
        a.skipUntil(Expected.find(" TOPIC " + chan + " :plans"));
        TextClient b = server.registered(outsider);
        List<String> commands = List.of("TOPIC %s", "TOPIC %s :mine", "MODE %s", "MODE %s b", "MODE %s +m",
                "NAMES %s", "WHO %s", "LIST %s", "PRIVMSG %s :hello", "NOTICE %s :hello", "PART %s",
                "KICK %s " + owner, "INVITE " + owner + " %s");
        for (String command : commands) {
            b.send(String.format(command, chan), "PING :sync");
            List<String> secret = b.linesUntil(Expected.find("PONG"));
            b.send(String.format(command, missing), "PING :sync");
            List<String> none = b.linesUntil(Expected.find("PONG"));
            assertThat(secret).as(command).isEqualTo(none.stream().map(line -> line.replace(missing, chan)).toList());
        }
        a.send("PING :sync");
        assertThat(a.linesUntil(Expected.find("PONG"))).isEmpty(); // nothing reached the members either
    }

    @Test
    void anEntryAListHasNoRoomForIsAnswered478() throws Exception {
        String op = unique("full");
        String chan = "#" + unique("fullban");
        TextClient a = server.registered(op).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        for (int i = 0; i < 100; i += 4) {
            a.send("MODE " + chan + " +bbbb m" + i + " m" + (i + 1) + " m" + (i + 2) + " m" + (i + 3));
            a.expectFind(" MODE " + chan + " \\+bbbb ");
        }
        a.send("MODE " + chan + " +be m100 e1", "PING :sync");
        List<String> replies = a.linesUntil(Expected.find("PONG"));
        assertThat(replies).containsExactly(":" + op + "!" + op + "@" + HOST + " MODE " + chan + " +e e1!*@*",
                ":reactor-chat 478 " + op + " " + chan + " b :Channel list is full");
    }

    @Test
    void eachListIsShownAtMostOncePerModeCommand() throws Exception {
        String op = unique("lists");
        String chan = "#" + unique("lists");
        TextClient a = server.registered(op).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        a.send("MODE " + chan + " +bb x y");
        a.expectFind(" MODE " + chan + " \\+bb ");
        a.send("MODE " + chan + " bbbbbbbbbbbbbbbbbbbbeeeeeIIIIbeI", "PING :sync");
        List<String> replies = a.linesUntil(Expected.find("PONG"));
        assertThat(replies).filteredOn(line -> line.contains(" 367 ")).hasSize(2);
        assertThat(replies).filteredOn(line -> line.contains(" 368 ")).hasSize(1);
        assertThat(replies).filteredOn(line -> line.contains(" 349 ")).hasSize(1);
        assertThat(replies).filteredOn(line -> line.contains(" 347 ")).hasSize(1);
        assertThat(replies).hasSize(5);
    }

    @Test
    void targetListsOfOnlyCommasGetANumericNotSilence() throws Exception {
        String nick = unique("commas");
        String chan = "#" + unique("commas");
        TextClient a = server.registered(nick).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        a.send("JOIN ,");
        assertThat(a.expectFind(" 461 ")).isEqualTo(":reactor-chat 461 " + nick + " JOIN :Not enough parameters");
        a.send("PART ,");
        a.expectFind(" 461 " + nick + " PART ");
        a.send("NAMES ,");
        assertThat(a.expectFind(" 366 ")).isEqualTo(":reactor-chat 366 " + nick + " * :End of /NAMES list");
        a.send("KICK , ,");
        a.expectFind(" 461 " + nick + " KICK ");
        a.send("KICK " + chan + " ,");
        a.expectFind(" 461 " + nick + " KICK ");
        a.send("JOIN ,#nope" + nick + ",", "PART ," + chan + ",#gone" + nick);
        a.expectFind(" JOIN #nope" + nick);
        a.skipUntil(Expected.find(" PART " + chan));
        a.expectFind(" 403 " + nick + " #gone" + nick + " ");
        a.send("PING :sync");
        assertThat(a.linesUntil(Expected.find("PONG"))).isEmpty(); // the empty elements were skipped, not answered
    }

    @Test
    void aSecretChannelShowsOutsidersNeitherItsTopicNorItsModes() throws Exception {
        String owner = unique("jack");
        String outsider = unique("out");
        String chan = "#" + unique("hidden");
        TextClient a = server.registered(owner).send("JOIN " + chan);
        a.skipUntil(Expected.find(" 366 "));
        a.send("MODE " + chan + " +sk sekrit", "TOPIC " + chan + " :secret plans");
        a.skipUntil(Expected.find(" TOPIC " + chan + " :secret plans"));
        TextClient b = server.registered(outsider);
        b.send("TOPIC " + chan);
        assertThat(b.expectFind(" 403 ")).isEqualTo(":reactor-chat 403 " + outsider + " " + chan + " :No such channel");
        b.send("MODE " + chan);
        b.expectFind(" 403 " + outsider + " " + chan + " ");
        b.send("TOPIC " + chan + " :mine", "MODE " + chan + " +m", "PART " + chan, "PING :sync");
        List<String> replies = b.linesUntil(Expected.find("PONG"));
        assertThat(replies).hasSize(3).allMatch(line -> line.contains(" 403 " + outsider + " " + chan + " "));
        a.send("TOPIC " + chan, "MODE " + chan); // members still see both
        a.expectFind(" 332 " + owner + " " + chan + " :secret plans");
        a.skipUntil(Expected.find(" 324 " + owner + " " + chan + " \\+\\S*s\\S* sekrit"));
        a.send("MODE " + chan + " -s");
        a.skipUntil(Expected.find(" MODE " + chan + " -s"));
        b.send("TOPIC " + chan);
        b.expectFind(" 332 " + outsider + " " + chan + " :secret plans"); // once public, as before
    }
}
