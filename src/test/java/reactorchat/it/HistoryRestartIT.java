package reactorchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.JarProcess;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** Room history kept in the data directory by the packaged jar, across a SIGTERM and a start. */
class HistoryRestartIT {
    private static final String TIME = "\\d\\d:\\d\\d:\\d\\d";

    @TempDir
    Path data;

    private JarProcess start() throws Exception {
        return JarProcess.start(List.of(), "--listen", "line=127.0.0.1:0", "--listen", "irc=127.0.0.1:0",
                "--data-dir", data.toString());
    }

    private static void stop(JarProcess daemon) throws Exception {
        daemon.terminate();
        assertThat(daemon.awaitExit()).isZero();
    }

    @Test
    void theLastLinesAreThereOnJoinForLineAndIrcUsersAfterARestart() throws Exception {
        try (JarProcess daemon = start()) {
            InetSocketAddress line = daemon.awaitListening("line");
            try (TextClient alice = TextClient.connect(line);
                 TextClient bob = TextClient.connectCrlf(daemon.awaitListening("irc"))) {
                alice.expectRegex("\\* welcome .*");
                alice.send("/nick alice").skipUntil(Expected.exactly("* you are now known as alice"));
                alice.send("first words", "/me stretches");
                alice.skipUntil(Expected.regex(TIME + " \\* alice stretches"));
                bob.send("NICK bob", "USER bob 0 * :Bob", "JOIN #lobby");
                bob.skipUntil(Expected.find(" 366 bob #lobby "));
                bob.send("PRIVMSG #lobby :said on irc");
                alice.skipUntil(Expected.regex(TIME + " <bob> said on irc"));
            }
            stop(daemon);
        }
        try (JarProcess daemon = start()) {
            InetSocketAddress line = daemon.awaitListening("line");
            daemon.awaitOutput("history: read 3 lines back from the journal");
            try (TextClient carol = TextClient.connect(line)) {
                carol.expectRegex("\\* welcome .* in lobby .*");
                carol.expect("* history of lobby: 3 lines");
                carol.expectRegex(TIME + " <alice> first words");
                carol.expectRegex(TIME + " \\* alice stretches");
                carol.expectRegex(TIME + " <bob> said on irc");
                carol.expect("* end of history of lobby");
            }
            try (TextClient dave = TextClient.connectCrlf(daemon.awaitListening("irc"))) {
                dave.send("NICK dave", "USER dave 0 * :Dave", "JOIN #lobby");
                dave.skipUntil(Expected.find(" 366 dave #lobby "));
                dave.expectRegex(":alice!\\S+ PRIVMSG #lobby :\\[" + TIME + "\\] first words");
                dave.expectRegex(":alice!\\S+ PRIVMSG #lobby :\u0001ACTION \\[" + TIME + "\\] stretches\u0001");
                dave.expectRegex(":bob!\\S+ PRIVMSG #lobby :\\[" + TIME + "\\] said on irc");
            }
            stop(daemon);
        }
    }

    @Test
    void aJournalCutInTheMiddleOfARecordStartsWithWhatIsWholeAndOneLineSaysSo() throws Exception {
        try (JarProcess daemon = start()) {
            try (TextClient alice = TextClient.connect(daemon.awaitListening("line"))) {
                alice.expectRegex("\\* welcome .*");
                alice.send("kept", "cut");
                alice.skipUntil(Expected.regex(TIME + " <guest-1> cut"));
            }
            stop(daemon);
        }
        Path journal = data.resolve("history.journal");
        try (RandomAccessFile raw = new RandomAccessFile(journal.toFile(), "rw")) {
            raw.setLength(raw.length() - 2);
        }
        try (JarProcess daemon = start()) {
            InetSocketAddress line = daemon.awaitListening("line");
            daemon.awaitOutput("history: read 1 lines back from the journal");
            assertThat(String.join("\n", daemon.output()) + daemon.stderr())
                    .containsPattern(Pattern.quote("history journal " + journal) + ": its last \\d+ bytes are cut short or"
                            + " damaged; kept the 1 whole records before them");
            try (TextClient bob = TextClient.connect(line)) {
                bob.expectRegex("\\* welcome .*");
                bob.expect("* history of lobby: 1 line");
                bob.expectRegex(TIME + " <guest-1> kept");
                bob.expect("* end of history of lobby");
            }
            stop(daemon);
        }
    }

    @Test
    void aReadOnlyDataDirectoryIsOneClearLineAndStatusTwo() throws Exception {
        Path readOnly = Files.createDirectory(data.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
        boolean immutable = false;
        if (Files.isWritable(readOnly)) { // root: only an immutable directory refuses it
            immutable = chattr("+i", readOnly);
            Assumptions.assumeTrue(immutable, "running as root, and chattr +i is not to be had here");
        }
        try (JarProcess daemon = JarProcess.start(List.of(), "--listen", "line=127.0.0.1:0", "--data-dir",
                readOnly.toString())) {
            assertThat(daemon.awaitExit()).isEqualTo(2);
            assertThat(daemon.stderr()).matches(Pattern.quote("reactor-chat: data-dir " + readOnly + " is not writable: ")
                    + "(permission denied|Operation not permitted)\n");
        } finally {
            if (immutable) {
                chattr("-i", readOnly);
            }
        }
    }

    /** Sets or clears a file's immutable flag; false if the tool or the file system cannot. */
    private static boolean chattr(String flag, Path file) throws Exception {
        try {
            Process chattr = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
            chattr.getInputStream().readAllBytes();
            return chattr.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false; // no chattr on this machine
        }
    }
}
