package reactorchat.protocol.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ClientSocket;
import reactorchat.testing.ServerExtension;

/** The web listener's plain HTTP side: the client's files with their headers, and nothing else. */
class WebPagesTest {
    @RegisterExtension
    final ServerExtension server = ServerExtension.with("--listen", "web=127.0.0.1:0", "--listen", "http=127.0.0.1:0",
            "--max-line", "1024");
    private static final String CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private InetSocketAddress web;

    @BeforeEach
    void start() {
        web = server.address("web");
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = ClientSocket.raw(web)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void thePageComesWithItsSecurityHeadersAndAnEtag() throws Exception {
        String response = exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Content-Type: text/html; charset=utf-8\r\n")
                .contains("Content-Security-Policy: %s\r\n".formatted(CSP))
                .contains("X-Content-Type-Options: nosniff\r\n")
                .contains("Referrer-Policy: no-referrer\r\n")
                .contains("<title>reactor-chat</title>");
        Matcher etag = Pattern.compile("\r\nETag: (\"[0-9a-f]+\")\r\n").matcher(response);
        assertThat(etag.find()).as("an ETag in %s", response).isTrue();

        String again = exchange("GET / HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag.group(1) + "\r\n\r\n");
        assertThat(again).startsWith("HTTP/1.1 304 Not Modified\r\n").endsWith("\r\n\r\n")
                .contains("ETag: " + etag.group(1)).contains("Content-Security-Policy: %s\r\n".formatted(CSP))
                .doesNotContain("Content-Length");
        assertThat(exchange("GET / HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"other\"\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void theClientsFilesComeWithTheirTypes() throws Exception {
        assertThat(exchange("GET /app.js HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Content-Type: text/javascript; charset=utf-8\r\n").contains("new WebSocket(");
        assertThat(exchange("GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Content-Type: text/css; charset=utf-8\r\n");
    }

    /** What the Content-Security-Policy would block, and what would let the network write HTML, are not in the files. */
    @Test
    void thePageHasNoInlineScriptOrStyleAndTheScriptWritesNoHtml() throws Exception {
        String page = exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(page).containsPattern("<script src=\"/app.js\"")
                .doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>")
                .doesNotContainPattern("\\son[a-z]+=")
                .doesNotContainPattern("\\sstyle=")
                .doesNotContain("<style");
        String script = exchange("GET /app.js HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(script).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("eval(").contains("textContent");
    }

    /** A browser sends every cookie it has for the host: header lines have their own limit, not the chat's --max-line. */
    @Test
    void longCookiesAreTakenAndLongPathsRefused() throws Exception {
        String cookie = "Cookie: session=" + "c".repeat(6000) + "\r\n";
        assertThat(exchange("GET / HTTP/1.1\r\nHost: x\r\n" + cookie + "\r\n")).as("a line over --max-line 1024")
                .startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(exchange("GET / HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(9000) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431 ");
        assertThat(exchange("GET /" + "p".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 414 ");
        assertThat(exchange("GET /" + "p".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 414 ");
    }

    @Test
    void headIsTheHeadAlone() throws Exception {
        String response = exchange("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void metricsAreNotServedHereButStayOnTheHttpListener() throws Exception {
        assertThat(exchange("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 404 ");
        assertThat(server.get().metric("reactorchat_users")).isNotNegative();
    }

    @Test
    void otherMethodsAndPlainGetsOfTheSocketAreRefused() throws Exception {
        assertThat(exchange("POST / HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD\r\n");
        assertThat(exchange("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 426 ").contains("Upgrade: websocket\r\n");
        assertThat(exchange("nonsense\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    }
}
