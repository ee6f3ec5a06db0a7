package reactorchat.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import reactorchat.testing.CountingBudget;
import reactorchat.testing.RawWebSocket;

/** The WebSocket frame decoder without sockets: messages, fragments, control frames, every fault. */
class WebSocketDecoderTest {
    private static final int TEXT = WebSocketFrames.TEXT;
    private static final int BINARY = WebSocketFrames.BINARY;
    private static final int CONTINUATION = WebSocketFrames.CONTINUATION;
    private static final int PING = WebSocketFrames.PING;
    private static final int CLOSE = WebSocketFrames.CLOSE;

    /** Records lines as themselves and everything else in angle brackets; may pause after a line. */
    static final class Recorder implements LineDecoder.Sink, WebSocketDecoder.Control {
        final List<String> events = new ArrayList<>();
        WebSocketDecoder decoder;
        boolean pauseAfterEachLine;

        @Override
        public void line(byte[] bytes, int offset, int length) {
            events.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
            if (pauseAfterEachLine) {
                decoder.pause();
            }
        }

        @Override
        public void lineTooLong(int maxLength) {
            events.add("<too long " + maxLength + ">");
        }

        @Override
        public void memoryRefused(long bytes) {
            events.add("<no memory>");
        }

        @Override
        public void ping(byte[] payload) {
            events.add("<ping " + new String(payload, StandardCharsets.UTF_8) + ">");
        }

        @Override
        public void closed(int code) {
            events.add("<closed " + code + ">");
        }

        @Override
        public void failed(int code, String why) {
            events.add("<failed " + code + ">");
        }
    }

    private final CountingBudget budget = new CountingBudget(1 << 20);
    private final Recorder sink = new Recorder();
    private final WebSocketDecoder decoder = decoder(1024, 100);

    private WebSocketDecoder decoder(int maxMessage, int maxLine) {
        WebSocketDecoder made = new WebSocketDecoder(maxMessage, maxLine, sink, budget);
        sink.decoder = made;
        return made;
    }

    private static byte[] frame(boolean fin, int opcode, String payload) {
        return RawWebSocket.encode(fin, opcode, payload.getBytes(StandardCharsets.UTF_8), true);
    }

    private static byte[] text(String payload) {
        return frame(true, TEXT, payload);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private void feed(WebSocketDecoder into, byte[] bytes) {
        into.decode(ByteBuffer.wrap(bytes.clone()), sink); // a copy: the decoder unmasks in place
    }

    @Test
    void eachMessageIsOneLineWithoutItsLineEnding() {
        feed(decoder, concat(text("hello"), text("PRIVMSG #a :hi\r\n"), text("line\n"), frame(true, BINARY, "bin")));
        assertThat(sink.events).containsExactly("hello", "PRIVMSG #a :hi", "line", "bin");
        assertThat(budget.used).isZero();
    }

    @Test
    void bytesCutAnywhereGiveTheSameMessagesAndHoldNothingAfter() {
        byte[] stream = concat(text("one"), frame(false, TEXT, "fr"), frame(true, PING, "p"),
                frame(false, CONTINUATION, "ag"), frame(true, CONTINUATION, "ment"), text("x".repeat(300)), text("two"));
        for (int cut = 1; cut <= 7; cut++) {
            sink.events.clear();
            WebSocketDecoder fresh = decoder(1024, 400);
            for (int at = 0; at < stream.length; at += cut) {
                feed(fresh, java.util.Arrays.copyOfRange(stream, at, Math.min(stream.length, at + cut)));
            }
            assertThat(sink.events).as("cut every %d bytes", cut)
                    .containsExactly("one", "<ping p>", "fragment", "x".repeat(300), "two");
            assertThat(fresh.hasPartial()).isFalse();
            assertThat(budget.used).as("held after the last message").isZero();
        }
    }

    @Test
    void anUnmaskedFrameFailsWith1002AndNothingAfterIsRead() {
        feed(decoder, concat(RawWebSocket.encode(true, TEXT, "bare".getBytes(StandardCharsets.UTF_8), false), text("after")));
        assertThat(sink.events).containsExactly("<failed 1002>");
    }

    @Test
    void textThatIsNotUtf8FailsWith1007ButBinaryIsHandedOn() {
        byte[] bad = {'h', (byte) 0xC3, 'i'};
        feed(decoder, RawWebSocket.encode(true, BINARY, bad, true));
        feed(decoder, RawWebSocket.encode(true, TEXT, bad, true));
        assertThat(sink.events).hasSize(2);
        assertThat(sink.events.get(1)).isEqualTo("<failed 1007>");
    }

    @Test
    void aMessageOverTheLimitFailsWith1009BeforeItsPayloadIsHeld() {
        WebSocketDecoder small = decoder(600, 100);
        byte[] frame = RawWebSocket.encode(true, TEXT, new byte[601], true);
        feed(small, java.util.Arrays.copyOf(frame, 8)); // the header alone
        assertThat(sink.events).containsExactly("<failed 1009>");
        assertThat(budget.used).isZero();
    }

    @Test
    void theLimitCountsEveryFragment() {
        WebSocketDecoder small = decoder(600, 1000);
        feed(small, concat(frame(false, TEXT, "a".repeat(300)), frame(false, CONTINUATION, "b".repeat(300))));
        assertThat(sink.events).isEmpty();
        assertThat(small.fragmentBytes()).isPositive();
        feed(small, frame(true, CONTINUATION, "c"));
        assertThat(sink.events).containsExactly("<failed 1009>");
        assertThat(budget.used).isZero();
    }

    @Test
    void aMessageOverTheLineLimitIsReportedAndTheNextOneRead() {
        feed(decoder, concat(text("y".repeat(101)), text("next")));
        assertThat(sink.events).containsExactly("<too long 100>", "next");
    }

    @Test
    void brokenFramingFailsWith1002() {
        byte[][] broken = {
            frame(true, CONTINUATION, "no message under way"),
            concat(frame(false, TEXT, "a"), text("a new message inside the first")),
            frame(false, PING, "a fragmented ping"),
            frame(true, PING, "p".repeat(126)),
            frame(true, 0x3, "an unknown opcode"),
            RawWebSocket.encode(true, CLOSE, new byte[] {0x03, (byte) 0xE7}, true), // code 999
            RawWebSocket.encode(true, CLOSE, new byte[] {0x03}, true),
        };
        for (byte[] bytes : broken) {
            sink.events.clear();
            feed(decoder(1024, 100), bytes);
            assertThat(sink.events).containsExactly("<failed 1002>");
        }
        byte[] reserved = text("rsv1");
        reserved[0] |= 0x40;
        sink.events.clear();
        feed(decoder(1024, 100), reserved);
        assertThat(sink.events).containsExactly("<failed 1002>");
    }

    @Test
    void aCloseFrameEndsDecodingWithItsCode() {
        feed(decoder, concat(RawWebSocket.encode(true, CLOSE, new byte[] {0x03, (byte) 0xE8, 'o', 'k'}, true), text("late")));
        feed(decoder(1024, 100), frame(true, CLOSE, ""));
        assertThat(sink.events).containsExactly("<closed 1000>", "<closed 1005>");
    }

    @Test
    void onlyTheLastPingOfAReadIsAnswered() {
        feed(decoder, concat(frame(true, PING, "1"), frame(true, PING, "2"), text("m"), frame(true, PING, "3")));
        assertThat(sink.events).containsExactly("m", "<ping 3>");
    }

    @Test
    void aPauseHoldsTheRestUntilResumeAndChargesIt() {
        sink.pauseAfterEachLine = true;
        feed(decoder, concat(text("first"), text("second"), text("third")));
        assertThat(sink.events).containsExactly("first");
        assertThat(decoder.hasPartial()).isTrue();
        assertThat(budget.used).isPositive();
        sink.pauseAfterEachLine = false;
        assertThat(decoder.resume(sink)).isTrue();
        assertThat(sink.events).containsExactly("first", "second", "third");
        assertThat(budget.used).isZero();
    }

    @Test
    void aBudgetThatRefusesTheFragmentsEndsDecoding() {
        budget.limit = 100;
        feed(decoder(1024, 1000), frame(false, TEXT, "z".repeat(200)));
        assertThat(sink.events).containsExactly("<no memory>");
        assertThat(budget.used).isZero();
    }
}
