package reactorchat.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ClientSocket;
import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;

/** The http dialect over real sockets: metrics, health, and every way a request can be wrong. */
class HttpDialectTest {
    @RegisterExtension
    final ServerExtension server = ServerExtension.with("--listen", "http=127.0.0.1:0", "--max-line", "256");
    private InetSocketAddress http;

    @BeforeEach
    void start() throws Exception {
        http = server.address("http");
    }

    /** Sends raw request bytes and returns everything the server answers before it closes. */
    private String exchange(String request) throws IOException {
        try (Socket socket = ClientSocket.raw(http)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Found by HttpFuzzTest: an over-long line after a bad request line got a second response, a 431. */
    @Test
    void oneResponseWhateverFollowsInTheSameRead() throws Exception {
        String response = exchange("GET /metrics\r\n" + "x".repeat(300) + "\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(response.split("HTTP/1\\.1 ", -1)).as("responses in: %s", response).hasSize(2);
    }

    @Test
    void metricsCountWhatHappened() throws Exception {
        try (TextClient alice = server.user("alice"); TextClient bob = server.user("bob")) {
            alice.send("hello");
            bob.expectRegex("\\d\\d:\\d\\d:\\d\\d <alice> hello");
            String response = exchange("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 200 OK\r\n")
                    .contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n")
                    .contains("\nreactorchat_connections{dialect=\"line\"} 2\n")
                    .contains("\nreactorchat_connections{dialect=\"http\"} 1\n")
                    .contains("\nreactorchat_users 2\n")
                    .contains("\nreactorchat_rooms 1\n")
                    .contains("\nreactorchat_messages_total 1\n")
                    .containsPattern("\nreactorchat_deliveries_total \\d+\n")
                    .containsPattern("\nreactorchat_loop_pass_seconds_bucket\\{le=\"\\+Inf\"} [1-9]\\d*\n")
                    .containsPattern("\nreactorchat_heap_used_bytes [1-9]\\d*\n")
                    .containsPattern("\nprocess_open_fds [1-9]\\d*\n")
                    .containsPattern("\nreactorchat_outbound_queued_bytes \\d+\n");
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertThat(response).contains("Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n");
        }
    }

    @Test
    void promtoolAcceptsTheMetrics() throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/promtool"));
        if (System.getenv("CI") != null) {
            assertThat(installed).as("CI installs promtool (Debian's prometheus package)").isTrue();
        }
        assumeTrue(installed, "promtool is not installed");
        String response = exchange("GET /metrics HTTP/1.0\r\n\r\n");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(body.getBytes(StandardCharsets.UTF_8));
        }
        String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as("promtool says: %s", verdict).isZero();
    }

    @Test
    void healthAndHead() throws Exception {
        assertThat(exchange("GET /healthz HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok\n");
        assertThat(exchange("HEAD /healthz HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Content-Length: 3\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void mistakesGetProperErrors() throws Exception {
        assertThat(exchange("GET /nowhere HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404 Not Found\r\n");
        assertThat(exchange("POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n"))
                .startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("Allow: GET, HEAD\r\n");
        assertThat(exchange("hello there\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(exchange("GET /" + "x".repeat(300) + " HTTP/1.1\r\n\r\n"))
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
        assertThat(exchange("GET /metrics HTTP/1.1\r\n" + "X-A: b\r\n".repeat(101) + "\r\n"))
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
    }
}
