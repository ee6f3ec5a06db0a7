package reactorchat.protocol.echo;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;

class EchoDialectTest {
    @Test
    void echoesEachLineUnchangedUnderTheSameLimits() throws Exception {
        try (TestServer server = TestServer.start("--max-line", "64");
             TextClient client = TextClient.connect(server.address("echo"))) {
            client.send("hello");
            client.expect("hello");
            client.sendRaw("crlf\r\nby".getBytes(StandardCharsets.US_ASCII));
            client.sendRaw("tes\n".getBytes(StandardCharsets.US_ASCII));
            client.expect("crlf");
            client.expect("bytes");
            client.send("x".repeat(65));
            client.expect("! line too long (max 64 bytes)");
            client.send("still echoing");
            client.expect("still echoing");
        }
    }
}
