package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import reactorchat.testing.ClientSocket;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;

/** A server full of chat connections still answers its operators' health checks, which are not chat. */
class FullServerHealthTest {
    @Test
    void healthzAnswersWhileTheChatListenersRefuseNewcomers() throws Exception {
        try (TestServer server = TestServer.start("--max-connections", "2", "--listen", "http=127.0.0.1:0");
             TextClient one = server.connect(); TextClient two = server.connect()) {
            one.expectRegex("\\* welcome .*");
            two.expectRegex("\\* welcome .*");
            try (TextClient third = TextClient.connect(server.address("line"))) {
                assertThat(third.expectClosed()).containsExactly("! server full (2 connections), closing");
            }
            assertThat(get(server, "/healthz")).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok\n");
        }
    }

    private static String get(TestServer server, String path) throws Exception {
        try (Socket socket = ClientSocket.raw(server.address("http"))) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
