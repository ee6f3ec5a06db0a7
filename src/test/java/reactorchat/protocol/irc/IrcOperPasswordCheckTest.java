package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.chat.Chat;
import reactorchat.protocol.PasswordChecks;
import reactorchat.protocol.PasswordHash;
import reactorchat.protocol.SessionOptions;
import reactorchat.reactor.EventLoop;
import reactorchat.reactor.Limits;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/**
 * OPER against hashed logins from the config file: checked off the loop, in order with what the
 * client sends after it, the loop serving everyone meanwhile, told to try again when too many
 * wait, and closed after three wrong passwords.
 */
class IrcOperPasswordCheckTest {
    @TempDir
    static Path dir;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path config = Files.writeString(dir.resolve("opers.properties"),
                "oper.admin = " + PasswordHash.of("right-horse".toCharArray(), new SecureRandom()).encoded() + "\n"
                        + "oper.other = " + PasswordHash.of("other-horse".toCharArray(), new SecureRandom()).encoded() + "\n");
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

    /**
     * On a loop of its own whose check pool the test holds: while a check is provably unfinished
     * (its thread waits on a latch), a bystander's PING is answered. An unknown login waits for the
     * pool as a known one does. Were the loop hashing, or answering unknown logins at once, this
     * would fail whatever the machine's speed.
     */
    @Test
    void theLoopServesOthersWhileAPasswordCheckIsUnfinished() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4));
        pool.execute(() -> awaitQuietly(release)); // the one thread is taken until released
        Clock clock = Clock.systemUTC();
        IrcOptions options = new IrcOptions("irc.test", "held", "",
                Map.of("admin", PasswordHash.of("right-horse".toCharArray(), new SecureRandom())), List.of(), 0, 60, 0);
        EventLoop loop = new EventLoop();
        Thread thread = new Thread(loop::run, "held-check-loop");
        try (PasswordChecks checks = new PasswordChecks(pool)) {
            IrcDialect irc = new IrcDialect(new Chat(clock), clock, options, SessionOptions.DEFAULTS, checks, "test");
            InetSocketAddress address = loop.listen("irc", new InetSocketAddress("127.0.0.1", 0), irc, Limits.DEFAULTS)
                    .localAddress();
            thread.start();
            try (TextClient known = registered(address, "known"); TextClient unknown = registered(address, "unknown");
                 TextClient bystander = registered(address, "bystander")) {
                known.send("OPER admin guess", "PING :after-oper");
                unknown.send("OPER nobody guess");
                bystander.send("PING :still-here");
                bystander.expectFind(" PONG \\S+ :still-here");
                awaitQueued(pool, 2); // both checks wait for the held thread: neither can have been answered
                assertThat(known.hasBeenSentAnything()).as("the known login answered before its check ran").isFalse();
                assertThat(unknown.hasBeenSentAnything()).as("the unknown login answered before its check").isFalse();
                release.countDown();
                known.expectFind(" 464 known ");
                known.expectFind(" PONG \\S+ :after-oper");
                unknown.expectFind(" 464 unknown :Password incorrect");
            }
        } finally {
            release.countDown();
            loop.execute(() -> loop.shutdown(1000));
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private static TextClient registered(InetSocketAddress address, String nick) throws Exception {
        TextClient client = TextClient.connectCrlf(address);
        client.send("NICK " + nick, "USER " + nick + " 0 * :Real " + nick);
        client.skipUntil(Expected.find(" (376|422) " + nick + " "));
        return client;
    }

    /** Waits, up to 10 s, until {@code tasks} tasks are queued behind the pool's held thread. */
    private static void awaitQueued(ThreadPoolExecutor pool, int tasks) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.getQueue().size() < tasks) {
            assertThat(System.nanoTime() - deadline).as("checks queued within 10 s").isNegative();
            Thread.sleep(5);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
