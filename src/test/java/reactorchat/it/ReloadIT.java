package reactorchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.JarProcess;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** SIGHUP re-reads the config file: what can change does, a bad file is refused, the old config stays. */
class ReloadIT {
    @TempDir
    Path dir;

    @Test
    void sighupReloadsTheConfigFile() throws Exception {
        Path config = dir.resolve("reactor-chat.properties");
        Path motd = dir.resolve("motd.txt");
        Files.writeString(motd, "first motd\n");
        String base = "listen = line=127.0.0.1:0, irc=127.0.0.1:0\nmotd = " + motd + "\n";
        Files.writeString(config, base + "log-level = info\n");
        try (JarProcess daemon = JarProcess.start(List.of(), "--config", config.toString())) {
            InetSocketAddress line = daemon.awaitListening("line");
            InetSocketAddress irc = daemon.awaitListening("irc");
            welcome(line);
            assertThat(debugAccepts(daemon)).isZero();

            Files.writeString(motd, "second motd\n");
            Files.writeString(config, base + "log-level = debug\n");
            hangUp(daemon);
            daemon.awaitOutput("config reloaded: log level debug");
            welcome(line);
            daemon.awaitOutput("DEBUG accepted");
            try (TextClient client = TextClient.connect(irc)) {
                client.send("NICK reloader\r\nUSER r 0 * :r");
                client.skipUntil(Expected.regex(":\\S+ 372 reloader :- second motd\r?"));
            }

            Files.writeString(config, base + "log-level = debug\nmax-line = huge\n");
            hangUp(daemon);
            daemon.awaitOutput("config reload refused, the running config stays: max-line must be a whole number");
            long before = debugAccepts(daemon);
            welcome(line);
            awaitMoreDebugAccepts(daemon, before);

            Files.writeString(config, "listen = line=127.0.0.1:1\nmotd = " + motd + "\nlog-level = debug\n");
            hangUp(daemon);
            daemon.awaitOutput("take a restart");
            welcome(line); // still listening where it was
        }
    }

    private static void welcome(InetSocketAddress address) throws Exception {
        try (TextClient client = TextClient.connect(address)) {
            client.expectRegex("\\* welcome .*");
        }
    }

    private static long debugAccepts(JarProcess daemon) throws Exception {
        return daemon.output().stream().filter(l -> l.contains("DEBUG accepted")).count();
    }

    private static void awaitMoreDebugAccepts(JarProcess daemon, long before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (debugAccepts(daemon) <= before && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling the log file for the line the daemon is writing
        }
        assertThat(debugAccepts(daemon)).as("still logging at debug after a refused reload").isGreaterThan(before);
    }

    private static void hangUp(JarProcess daemon) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
