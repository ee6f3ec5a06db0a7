package reactorchat.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SimDialectTest {
    @Test
    void lineDialectFindsThePayloadAfterTheNick() {
        String line = "12:00:01 <guest-3> ~1 2 3 xx";
        assertThat(classify(SimDialect.LINE, line)).isEqualTo(line.indexOf('~'));
    }

    @Test
    void lineDialectRecognisesWelcomeJoinAndErrors() {
        assertThat(classify(SimDialect.LINE, "* welcome to reactor-chat, you are guest-1 in lobby (1 user); /help"))
                .isEqualTo(SimDialect.REGISTERED);
        assertThat(classify(SimDialect.LINE, "* you are already in lobby")).isEqualTo(SimDialect.JOINED);
        assertThat(classify(SimDialect.LINE, "* you are now in bench (3 users)")).isEqualTo(SimDialect.JOINED);
        assertThat(classify(SimDialect.LINE, "! server full (10 connections), closing")).isEqualTo(SimDialect.ERROR);
        assertThat(classify(SimDialect.LINE, "* guest-9 joined")).isEqualTo(SimDialect.OTHER);
    }

    @Test
    void ircDialectFindsPrivmsgTextAndNumerics() {
        String line = ":sim3!~sim3@localhost PRIVMSG #lobby :~0 5 77 xxx";
        assertThat(classify(SimDialect.IRC, line)).isEqualTo(line.indexOf(":~") + 1);
        assertThat(classify(SimDialect.IRC, ":bench.local 001 sim1 :Welcome")).isEqualTo(SimDialect.REGISTERED);
        assertThat(classify(SimDialect.IRC, ":bench.local 366 sim1 #lobby :End of NAMES list"))
                .isEqualTo(SimDialect.JOINED);
        assertThat(classify(SimDialect.IRC, ":bench.local 433 * sim1 :Nickname already in use"))
                .isEqualTo(SimDialect.NICK_REFUSED);
        assertThat(classify(SimDialect.IRC, ":bench.local 471 sim1 #lobby :Cannot join")).isEqualTo(SimDialect.ERROR);
        assertThat(classify(SimDialect.IRC, "ERROR :Closing connection")).isEqualTo(SimDialect.ERROR);
        assertThat(classify(SimDialect.IRC, "PING :bench.local")).isEqualTo(SimDialect.PING);
        assertThat(classify(SimDialect.IRC, ":sim2!~sim2@localhost JOIN :#lobby")).isEqualTo(SimDialect.OTHER);
    }

    @Test
    void pongEchoesThePingToken() {
        assertThat(pong("PING :bench.local")).isEqualTo("PONG :bench.local\r\n");
        assertThat(pong(":irc.example PING :token")).isEqualTo("PONG :token\r\n");
    }

    @Test
    void ircMessagesAreFramedAsPrivmsg() {
        byte[] into = new byte[64];
        int length = SimDialect.IRC.messagePrefix(into, "#lobby");
        assertThat(new String(into, 0, length, StandardCharsets.US_ASCII)).isEqualTo("PRIVMSG #lobby :");
        assertThat(SimDialect.LINE.messagePrefix(into, "lobby")).isZero();
    }

    private static int classify(SimDialect dialect, String line) {
        byte[] bytes = ("xx" + line).getBytes(StandardCharsets.UTF_8);
        int code = dialect.classify(bytes, 2, bytes.length - 2);
        return code;
    }

    private static String pong(String ping) {
        byte[] bytes = ping.getBytes(StandardCharsets.US_ASCII);
        return new String(SimDialect.pong(bytes, 0, bytes.length), StandardCharsets.US_ASCII);
    }
}
