package reactorchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.protocol.PasswordHash;
import reactorchat.testing.ClientSocket;
import reactorchat.testing.JarProcess;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/**
 * No secret ever shows: the server password (from a file), hashed and plain operator logins, the
 * wrong guesses at them, and the cloak key the daemon made (as stored, or its bytes in hex) are
 * nowhere in the daemon's output at debug level or in /metrics, after logins right and wrong in
 * every chat dialect that takes a password; nor in the one line a malformed {@code --irc-oper}
 * gets at start. {@code --help} is answered before any other flag is read, so it cannot show one
 * today; it is given them all anyway, so that a change that reads them first is caught.
 */
class SecretsIT {
    private static final String SERVER_PASSWORD = "pw-Zebra-9137";
    private static final String OPER_PASSWORD = "op-Quokka-4471";
    private static final String PLAIN_OPER_PASSWORD = "plain-Ibex-2203";
    private static final String WRONG_GUESS = "guess-Okapi-5512";

    @TempDir
    Path dir;

    @Test
    void secretsAreNeverShown() throws Exception {
        String hash = PasswordHash.of(OPER_PASSWORD.toCharArray(), new SecureRandom()).encoded();
        Path passwordFile = Files.writeString(dir.resolve("password"), SERVER_PASSWORD + "\n");
        Path config = Files.writeString(dir.resolve("reactor-chat.properties"),
                "listen = line=127.0.0.1:0, irc=127.0.0.1:0, http=127.0.0.1:0\nlog-level = debug\noper.admin = " + hash + "\n");
        String page;
        List<String> shown;
        Path data = dir.resolve("data");
        try (JarProcess daemon = JarProcess.start(List.of(), "--config", config.toString(), "--password-file",
                passwordFile.toString(), "--irc-oper", "plain:" + PLAIN_OPER_PASSWORD, "--data-dir", data.toString())) {
            InetSocketAddress line = daemon.awaitListening("line");
            InetSocketAddress irc = daemon.awaitListening("irc");
            InetSocketAddress http = daemon.awaitListening("http");

            try (TextClient wrong = TextClient.connect(line)) {
                wrong.expectRegex("\\* welcome .*");
                wrong.send("/pass " + WRONG_GUESS);
                wrong.expectClosed();
            }
            try (TextClient right = TextClient.connect(line)) {
                right.expectRegex("\\* welcome .*");
                right.send("/pass " + SERVER_PASSWORD);
                right.expectRegex("\\* welcome to reactor-chat, you are .*");
            }
            try (TextClient wrong = TextClient.connectCrlf(irc)) {
                wrong.send("PASS " + WRONG_GUESS, "NICK intruder", "USER i 0 * :i");
                wrong.skipUntil(Expected.find(" 464 "));
                wrong.expectClosed();
            }
            try (TextClient op = TextClient.connectCrlf(irc)) {
                op.send("PASS " + SERVER_PASSWORD, "NICK boss", "USER b 0 * :b");
                op.skipUntil(Expected.find(" 001 boss "));
                op.send("OPER admin " + WRONG_GUESS);
                op.skipUntil(Expected.find(" 464 boss "));
                op.send("OPER plain " + WRONG_GUESS);
                op.skipUntil(Expected.find(" 464 boss "));
                op.send("OPER admin " + OPER_PASSWORD);
                op.skipUntil(Expected.find(" 381 boss "));
                op.send("OPER plain " + PLAIN_OPER_PASSWORD);
                op.skipUntil(Expected.find(" 381 boss "));
            }
            page = get(http, "/metrics");
            daemon.awaitOutput("OPER: boss!b@");
            daemon.terminate();
            assertThat(daemon.awaitExit()).isZero();
            shown = new ArrayList<>(daemon.output());
            shown.add(daemon.stderr());
        }
        String help;
        try (JarProcess helpRun = JarProcess.start(List.of(), "--help", "--config", config.toString(),
                "--password-file", passwordFile.toString(), "--irc-oper", "plain:" + PLAIN_OPER_PASSWORD,
                "--data-dir", data.toString())) {
            assertThat(helpRun.awaitExit()).isZero();
            help = String.join("\n", helpRun.output()) + helpRun.stderr();
        }
        String refusal;
        try (JarProcess malformed = JarProcess.start(List.of(), "--listen", "irc=127.0.0.1:0", "--irc-oper",
                PLAIN_OPER_PASSWORD, "--data-dir", data.toString())) {
            assertThat(malformed.awaitExit()).as("a malformed --irc-oper stops the start").isEqualTo(2);
            refusal = String.join("\n", malformed.output()) + malformed.stderr();
        }
        String storedKey = Files.readString(data.resolve("cloak.key"), StandardCharsets.US_ASCII).strip();
        byte[] keyBytes = Base64.getDecoder().decode(storedKey);
        String hexKey = HexFormat.of().formatHex(keyBytes);

        String log = String.join("\n", shown);
        assertThat(log).as("the daemon logged at debug, and OPERs for audit").contains("DEBUG").contains("OPER refused")
                .contains("irc-oper gives an operator's password in plain text");
        assertThat(page).contains("reactorchat_users");
        assertThat(help).contains("--password-file");
        assertThat(refusal).contains("irc-oper must be NAME:PASSWORD");
        assertThat(keyBytes).hasSize(32);
        List<String> secrets = List.of(SERVER_PASSWORD, OPER_PASSWORD, PLAIN_OPER_PASSWORD, WRONG_GUESS, hash, storedKey,
                storedKey.replace("=", ""), Base64.getUrlEncoder().withoutPadding().encodeToString(keyBytes), hexKey,
                hexKey.toUpperCase(Locale.ROOT));
        for (String secret : secrets) {
            assertThat(log).as("the daemon's output").doesNotContain(secret);
            assertThat(page).as("/metrics").doesNotContain(secret);
            assertThat(help).as("--help").doesNotContain(secret);
            assertThat(refusal).as("a start refused").doesNotContain(secret);
        }
    }

    private static String get(InetSocketAddress http, String path) throws Exception {
        try (Socket socket = ClientSocket.raw(http)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
