package reactorchat.protocol.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactorchat.testing.LineClient;
import reactorchat.testing.TestServer;

/** How the line dialect frames and cleans what people send, over real sockets. */
class LineFramingTest {
    private static final String TIME = "\\d\\d:\\d\\d:\\d\\d";

    private TestServer server;
    private LineClient sender;
    private LineClient watcher;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start("--max-line", "100");
        sender = server.connect();
        sender.expectRegex("\\* welcome .*");
        watcher = server.connect();
        watcher.expectRegex("\\* welcome .*");
    }

    @AfterEach
    void stop() throws Exception {
        sender.close();
        watcher.close();
        server.close();
    }

    @Test
    void acceptsLfAndCrlfAndIgnoresEmptyLines() throws Exception {
        sender.sendRaw("one\r\n\n\r\n   \ntwo\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(watcher.expectRegex(TIME + " <guest-1> .*")).endsWith("> one");
        assertThat(watcher.expectRegex(TIME + " <guest-1> .*")).endsWith("> two");
    }

    @Test
    void aLineSentByteByByteArrivesWhole() throws Exception {
        byte[] line = "typed one byte at a time\r\n".getBytes(StandardCharsets.US_ASCII);
        for (byte b : line) {
            sender.sendRaw(new byte[] {b});
        }
        watcher.expectRegex(TIME + " <guest-1> typed one byte at a time");
    }

    @Test
    void aTooLongLineIsRefusedAndTheConnectionStaysUsable() throws Exception {
        sender.send("x".repeat(101));
        sender.expect("! line too long (max 100 bytes)");
        sender.send("y".repeat(100));
        watcher.expectRegex(TIME + " <guest-1> y{100}");
        // a long line cut across many reads is refused once, and the line after it still counts
        sender.sendRaw("z".repeat(5000).getBytes(StandardCharsets.US_ASCII));
        sender.sendRaw(("z".repeat(5000) + "\nafter\n").getBytes(StandardCharsets.US_ASCII));
        sender.expect("! line too long (max 100 bytes)");
        assertThat(watcher.expectRegex(TIME + " <guest-1> .*")).endsWith("> after");
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() throws Exception {
        sender.sendRaw(new byte[] {'o', 'k', ' ', (byte) 0xff, (byte) 0xfe, ' ', (byte) 0xc3, (byte) 0xa9, '\n'});
        watcher.expectRegex(TIME + " <guest-1> ok \uFFFD\uFFFD é");
    }

    @Test
    void controlCharactersCannotReachOthers() throws Exception {
        sender.sendRaw("red\u001b[31m alert\u0007 tab\tkept cr\rgone\u0000\n".getBytes(StandardCharsets.UTF_8));
        watcher.expectRegex(TIME + " <guest-1> red\\[31m alert tab\tkept crgone");
    }
}
