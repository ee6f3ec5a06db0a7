package reactorchat.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets for the codec. A plain test run replays the seeds in src/test/resources; a fuzzing
 * run (12 minutes a target, enough for 10 million executions here) is
 * {@code JAZZER_FUZZ=1 mvn test -Dtest='CodecFuzzTest#lineDecoderIsSplitProof'}.
 */
class CodecFuzzTest {
    /** Decoding in arbitrary chunks gives the same lines as decoding at once, each within the limit. */
    @FuzzTest(maxDuration = "12m")
    void lineDecoderIsSplitProof(FuzzedDataProvider data) {
        int max = data.consumeInt(1, 300);
        int[] cuts = data.consumeInts(20);
        byte[] stream = data.consumeRemainingAsBytes();

        List<String> whole = decode(max, stream, new int[0]);
        List<String> chunked = decode(max, stream, cuts);

        assertThat(chunked).isEqualTo(whole);
        for (String line : whole) {
            assertThat(line.length()).isLessThanOrEqualTo(max + "<too long>".length());
            assertThat(line).doesNotContain("\n");
        }
    }

    /** Clean text never carries a control character but tab, whatever the bytes. */
    @FuzzTest(maxDuration = "12m")
    void cleanTextHasNoControls(byte[] bytes) {
        String clean = Text.clean(bytes, 0, bytes.length);
        clean.chars().forEach(c -> assertThat(c == '\t' || (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f)))
                .as("char %04x", c).isTrue());
        assertThat(Text.clean(clean)).isEqualTo(clean);
    }

    /**
     * Decoding WebSocket frames in arbitrary chunks, with or without a pause after every message,
     * gives the same messages and faults as decoding at once, and holds nothing once the stream
     * has ended cleanly. Pings are left out: one pong answers the pings of one read, so how many
     * are answered depends on the chunks.
     */
    @FuzzTest(maxDuration = "12m")
    void webSocketDecoderIsSplitProof(FuzzedDataProvider data) {
        int maxMessage = data.consumeInt(1, 300);
        int maxLine = data.consumeInt(1, 300);
        boolean pausing = data.consumeBoolean();
        int[] cuts = data.consumeInts(20);
        byte[] stream = data.consumeRemainingAsBytes();

        List<String> whole = decodeWebSocket(maxMessage, maxLine, stream, new int[0], false);
        List<String> chunked = decodeWebSocket(maxMessage, maxLine, stream, cuts, pausing);

        assertThat(chunked).isEqualTo(whole);
    }

    private static List<String> decodeWebSocket(int maxMessage, int maxLine, byte[] stream, int[] cuts, boolean pausing) {
        List<String> events = new ArrayList<>();
        reactorchat.testing.CountingBudget budget = new reactorchat.testing.CountingBudget(1 << 20);
        WebSocketDecoder[] decoder = new WebSocketDecoder[1];
        class Sink implements LineDecoder.Sink, WebSocketDecoder.Control {
            @Override
            public void line(byte[] bytes, int offset, int length) {
                assertThat(length).isLessThanOrEqualTo(maxLine);
                events.add(new String(bytes, offset, length, java.nio.charset.StandardCharsets.ISO_8859_1));
                if (pausing) {
                    decoder[0].pause();
                }
            }

            @Override
            public void lineTooLong(int maxLength) {
                events.add("<too long>");
            }

            @Override
            public void ping(byte[] payload) {
                assertThat(payload.length).isLessThanOrEqualTo(WebSocketFrames.MAX_CONTROL_PAYLOAD);
            }

            @Override
            public void closed(int code) {
                events.add("<closed " + code + ">");
            }

            @Override
            public void failed(int code, String why) {
                events.add("<failed " + code + " " + why + ">");
            }
        }
        Sink sink = new Sink();
        decoder[0] = new WebSocketDecoder(maxMessage, maxLine, sink, budget);
        byte[] copy = stream.clone(); // the decoder unmasks in place
        int at = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int size = i < cuts.length ? Math.floorMod(cuts[i], 64) + 1 : copy.length - at;
            int end = Math.min(copy.length, at + size);
            decoder[0].decode(ByteBuffer.wrap(copy, at, end - at).slice(), sink);
            while (!decoder[0].resume(sink)) {
                // a pause after each message: resume until the held bytes are through
            }
            at = end;
        }
        assertThat(decoder[0].hasPartial() || budget.used == 0).as("held %d bytes with nothing partial", budget.used).isTrue();
        return events;
    }

    private static List<String> decode(int max, byte[] stream, int[] cuts) {
        LineDecoder decoder = new LineDecoder(max);
        List<String> lines = new ArrayList<>();
        LineDecoder.Sink sink = new LineDecoder.Sink() {
            @Override
            public void line(byte[] bytes, int offset, int length) {
                lines.add(new String(bytes, offset, length, java.nio.charset.StandardCharsets.ISO_8859_1));
            }

            @Override
            public void lineTooLong(int maxLength) {
                lines.add("<too long>");
            }
        };
        int at = 0;
        for (int cut : cuts) {
            int size = Math.floorMod(cut, 64) + 1;
            int end = Math.min(stream.length, at + size);
            decoder.decode(ByteBuffer.wrap(stream, at, end - at).slice(), sink);
            at = end;
        }
        decoder.decode(ByteBuffer.wrap(stream, at, stream.length - at).slice(), sink);
        return lines;
    }
}
