package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import reactorchat.testing.ClientSocket;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** A reload gives the new --max-line to the line, echo and http dialects, for the connections made from then on. */
class ReloadMaxLineTest {
    private static final List<String> LISTENERS = List.of("--listen", "line=127.0.0.1:0", "--listen", "echo=127.0.0.1:0",
            "--flood-rate", "0", "--listen", "http=127.0.0.1:0");
    private static final String TOO_LONG = "x".repeat(200);

    @Test
    void newConnectionsOfEveryLineDialectHaveTheReloadedLength() throws Exception {
        try (TestServer server = TestServer.start("--listen", "http=127.0.0.1:0", "--max-line", "64")) {
            assertThat(echoAnswer(server)).isEqualTo("! line too long (max 64 bytes)");
            server.server().reload(() -> Config.parse(withMaxLine("96")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String answer;
            do { // the reload is handed to the loop: wait until it has taken it
                answer = echoAnswer(server);
            } while (!answer.contains("96") && System.nanoTime() < deadline);
            assertThat(answer).isEqualTo("! line too long (max 96 bytes)");
            try (TextClient line = server.connect()) {
                line.send(TOO_LONG).skipUntil(Expected.exactly("! line too long (max 96 bytes)"));
            }
            assertThat(httpAnswer(server)).contains("a request line or header is over 96 bytes");
        }
    }

    private static List<String> withMaxLine(String bytes) {
        List<String> args = new ArrayList<>(LISTENERS);
        args.addAll(List.of("--max-line", bytes));
        return args;
    }

    private static String echoAnswer(TestServer server) throws IOException {
        try (TextClient echo = TextClient.connect(server.address("echo"))) {
            return echo.send(TOO_LONG).nextLine();
        }
    }

    private static String httpAnswer(TestServer server) throws IOException {
        try (Socket socket = ClientSocket.raw(server.address("http"))) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /" + TOO_LONG + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
