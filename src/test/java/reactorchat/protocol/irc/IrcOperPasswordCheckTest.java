package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.protocol.PasswordHash;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/**
 * OPER against hashed logins from the config file: checked off the loop, in order with what the
 * client sends after it, the loop serving everyone meanwhile, and refused when too many wait.
 */
class IrcOperPasswordCheckTest {
    @TempDir
    static Path dir;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path config = Files.writeString(dir.resolve("opers.properties"),
                "oper.admin = " + PasswordHash.of("right-horse".toCharArray(), new SecureRandom()) + "\n"
                        + "oper.other = " + PasswordHash.of("other-horse".toCharArray(), new SecureRandom()) + "\n");
        server = TestServer.start("--listen", "irc=127.0.0.1:0", "--config", config.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void theRightPasswordMakesAnOperatorAndAWrongOneIsRefused() throws Exception {
        try (TextClient client = server.registered("hopeful")) {
            client.send("OPER admin wrong-horse");
            client.expectFind(" 464 hopeful :Password incorrect");
            client.send("OPER other right-horse");
            client.expectFind(" 464 hopeful :Password incorrect");
            client.send("OPER admin right-horse");
            client.expectFind(" MODE hopeful :\\+o");
            client.expectFind(" 381 hopeful :You are now an IRC operator");
        }
    }

    @Test
    void aConnectionIsClosedAfterItsThirdWrongPassword() throws Exception {
        try (TextClient client = server.registered("guesser3")) {
            client.send("OPER admin one", "OPER nobody two");
            client.expectFind(" 464 guesser3 ");
            client.expectFind(" 464 guesser3 ");
            client.send("OPER admin three", "PING :after");
            client.expectFind(" 464 guesser3 ");
            client.skipUntil(Expected.find("^ERROR :Closing Link: 127\\.0\\.0\\.1 \\(Too many failed OPER attempts\\)"));
            client.expectClosed();
        }
    }

    @Test
    void whatFollowsOperIsHandledAfterItsAnswer() throws Exception {
        try (TextClient op = server.registered("eager"); TextClient victim = server.registered("victim")) {
            op.send("OPER admin right-horse", "KILL victim :at once");
            op.expectFind(" MODE eager :\\+o");
            op.expectFind(" 381 eager ");
            victim.skipUntil(Expected.find("^ERROR :Closing Link: .*Killed \\(eager \\(at once\\)\\)"));
        }
    }

    @Test
    void theLoopServesOthersWhileHashesAreChecked() throws Exception {
        List<TextClient> guessers = new ArrayList<>();
        try (TextClient bystander = server.registered("bystander")) {
            for (int i = 0; i < 4; i++) {
                guessers.add(server.registered(TestServer.unique("guesser")));
            }
            for (TextClient guesser : guessers) {
                guesser.send("OPER admin guess");
            }
            // Four checks of tens of milliseconds on one or two threads: the loop answers long before the
            // last of them is done. Were the loop hashing, the PONG would come after every refusal.
            bystander.send("PING :still-here");
            bystander.expectFind(" PONG \\S+ :still-here");
            int answeredAlready = 0;
            for (TextClient guesser : guessers) {
                answeredAlready += guesser.hasBeenSentAnything() ? 1 : 0;
            }
            assertThat(answeredAlready).as("guessers answered when the bystander was").isLessThan(guessers.size());
            for (TextClient guesser : guessers) {
                guesser.expectFind(" 464 ");
            }
        } finally {
            for (TextClient guesser : guessers) {
                guesser.close();
            }
        }
    }

    @Test
    void tooManyChecksAtOnceAreToldToTryAgainNotThatTheirPasswordIsWrong() throws Exception {
        List<TextClient> crowd = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                crowd.add(server.registered(TestServer.unique("crowd")));
            }
            for (TextClient client : crowd) {
                client.send("OPER admin right-horse");
            }
            int made = 0;
            int refused = 0;
            for (TextClient client : crowd) {
                String answer = client.skipUntil(Expected.find(" (381|464|263) "));
                assertThat(answer).doesNotContain(" 464 ");
                if (answer.contains(" 381 ")) {
                    made++;
                } else {
                    assertThat(answer).endsWith(" 263 " + answer.split(" ")[2] + " OPER :Please wait a while and try again.");
                    refused++;
                }
            }
            assertThat(made).as("checks that found a thread or a place in the queue").isGreaterThanOrEqualTo(2);
            assertThat(refused).as("checks refused with at most 2 threads and 16 places for 30").isGreaterThanOrEqualTo(1);
        } finally {
            for (TextClient client : crowd) {
                client.close();
            }
        }
    }
}
