package reactorchat.protocol.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import reactorchat.codec.WebSocketFrames;

/** Output framing: one frame per line, and one framing of a buffer for every recipient of it. */
class WebSocketFramingTest {
    private final WebSocketFraming framing = new WebSocketFraming(WebSocketFrames.TEXT);

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    private static String hex(ByteBuffer buffer) {
        StringBuilder out = new StringBuilder();
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            out.append(String.format("%02x", buffer.get(i)));
        }
        return out.toString();
    }

    @Test
    void eachLineBecomesOneUnmaskedFrameWithoutItsEnding() {
        ByteBuffer framed = framing.frame(bytes("ab\r\n\ncd\n"));
        assertThat(hex(framed)).isEqualTo("8102" + "6162" + "8102" + "6364");
    }

    @Test
    void aLongLineGetsTheTwoByteLength() {
        ByteBuffer framed = framing.frame(bytes("x".repeat(200) + "\n"));
        assertThat(framed.remaining()).isEqualTo(4 + 200);
        assertThat(hex(framed)).startsWith("817e00c8");
    }

    @Test
    void theSameBufferIsFramedOnceForEveryRecipient() {
        ByteBuffer broadcast = bytes("12:00:00 <alice> hi\n");
        ByteBuffer first = framing.frame(broadcast);
        assertThat(framing.frame(broadcast)).isSameAs(first);
        assertThat(framing.frame(bytes("12:00:00 <alice> hi\n"))).isNotSameAs(first).isEqualTo(first);
        assertThat(broadcast.position()).as("the shared buffer is left as it was").isZero();
    }
}
