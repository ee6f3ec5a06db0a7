package reactorchat.protocol.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** How the line dialect frames and cleans what people send, over real sockets. */
class LineFramingTest {
    private static final String TIME = "\\d\\d:\\d\\d:\\d\\d";

    @RegisterExtension
    final ServerExtension server = ServerExtension.with("--max-line", "100");
    private TextClient sender;
    private TextClient watcher;

    @BeforeEach
    void start() throws Exception {
        sender = server.connect();
        sender.expectRegex("\\* welcome .*");
        watcher = server.connect();
        watcher.expectRegex("\\* welcome .*");
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
        sender.skipUntil(Expected.exactly("! line too long (max 100 bytes)"));
        sender.send("y".repeat(100));
        watcher.expectRegex(TIME + " <guest-1> y{100}");
        // a long line cut across many reads is refused once, and the line after it still counts
        sender.sendRaw("z".repeat(5000).getBytes(StandardCharsets.US_ASCII));
        sender.sendRaw(("z".repeat(5000) + "\nafter\n").getBytes(StandardCharsets.US_ASCII));
        sender.skipUntil(Expected.exactly("! line too long (max 100 bytes)"));
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
