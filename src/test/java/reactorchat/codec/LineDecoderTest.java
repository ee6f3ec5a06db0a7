package reactorchat.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import reactorchat.testing.CountingBudget;

class LineDecoderTest {
    /** Records lines as text and too-long reports as "<too long N>". */
    private static class Recorder implements LineDecoder.Sink {
        final List<String> events = new ArrayList<>();

        @Override
        public void line(byte[] bytes, int offset, int length) {
            events.add(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void lineTooLong(int maxLength) {
            events.add("<too long " + maxLength + ">");
        }
    }

    private static List<String> decode(int max, String... chunks) {
        LineDecoder decoder = new LineDecoder(max);
        Recorder recorder = new Recorder();
        for (String chunk : chunks) {
            decoder.decode(ByteBuffer.wrap(chunk.getBytes(StandardCharsets.ISO_8859_1)), recorder);
        }
        return recorder.events;
    }

    @Test
    void splitsOnLfAndCrlf() {
        assertThat(decode(100, "one\ntwo\r\nthree\n")).containsExactly("one", "two", "three");
    }

    @Test
    void keepsEmptyLinesAndALoneCrInsideALine() {
        assertThat(decode(100, "\n\r\na\rb\n")).containsExactly("", "", "a\rb");
    }

    @Test
    void waitsForTheTerminator() {
        LineDecoder decoder = new LineDecoder(100);
        Recorder recorder = new Recorder();
        decoder.decode(ByteBuffer.wrap("hel".getBytes(StandardCharsets.US_ASCII)), recorder);
        assertThat(recorder.events).isEmpty();
        assertThat(decoder.hasPartial()).isTrue();
        decoder.decode(ByteBuffer.wrap("lo\r".getBytes(StandardCharsets.US_ASCII)), recorder);
        decoder.decode(ByteBuffer.wrap("\nnext".getBytes(StandardCharsets.US_ASCII)), recorder);
        assertThat(recorder.events).containsExactly("hello");
    }

    @Test
    void anySplitOfTheStreamDecodesTheSame() {
        String stream = "alpha\r\nbeta\n\ngamma delta\r\n" + "x".repeat(40) + "\n" + "y".repeat(60) + "\nlast\n";
        List<String> whole = decode(50, stream);
        assertThat(whole).containsExactly("alpha", "beta", "", "gamma delta", "x".repeat(40), "<too long 50>", "last");

        String[] bytes = stream.split("");
        assertThat(decode(50, bytes)).as("byte by byte").isEqualTo(whole);

        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<String> chunks = new ArrayList<>();
            int at = 0;
            while (at < stream.length()) {
                int size = 1 + random.nextInt(20);
                chunks.add(stream.substring(at, Math.min(stream.length(), at + size)));
                at += size;
            }
            assertThat(decode(50, chunks.toArray(String[]::new))).as("chunks %s", chunks).isEqualTo(whole);
        }
    }

    @Test
    void acceptsALineOfExactlyTheLimitWithCrlfSplitAcrossReads() {
        String line = "z".repeat(10);
        assertThat(decode(10, line + "\r", "\n")).containsExactly(line);
        assertThat(decode(10, line, "\r\n")).containsExactly(line);
        assertThat(decode(10, line + "\r\n")).containsExactly(line);
    }

    @Test
    void reportsAnOverlongLineOnceAndRecoversAtTheNextNewline() {
        List<String> events = decode(10, "0123456789AB", "CDEF", "GHIJ\nok\n");
        assertThat(events).containsExactly("<too long 10>", "ok");
        assertThat(decode(10, "0123456789A\nok\n")).containsExactly("<too long 10>", "ok");
    }

    @Test
    void holdsNothingOnceALineIsDone() {
        LineDecoder decoder = new LineDecoder(100);
        decoder.decode(ByteBuffer.wrap("partial".getBytes(StandardCharsets.US_ASCII)), new Recorder());
        decoder.decode(ByteBuffer.wrap(" line\n".getBytes(StandardCharsets.US_ASCII)), new Recorder());
        assertThat(decoder.hasPartial()).isFalse();
    }

    @Test
    void aPausedDecoderHoldsTheRestUntilResumed() {
        LineDecoder decoder = new LineDecoder(100);
        List<String> lines = new ArrayList<>();
        LineDecoder.Sink pausing = new LineDecoder.Sink() {
            @Override
            public void line(byte[] bytes, int offset, int length) {
                lines.add(new String(bytes, offset, length, StandardCharsets.US_ASCII));
                decoder.pause(); // one line at a time, as flood control does
            }

            @Override
            public void lineTooLong(int maxLength) {
                lines.add("<too long>");
            }
        };
        decoder.decode(ByteBuffer.wrap("one\ntwo\nthree\nfo".getBytes(StandardCharsets.US_ASCII)), pausing);
        assertThat(lines).containsExactly("one");
        assertThat(decoder.resume(pausing)).isFalse();
        assertThat(lines).containsExactly("one", "two");
        assertThat(decoder.resume(pausing)).isFalse();
        assertThat(decoder.resume(pausing)).as("only an unfinished line is left").isTrue();
        decoder.decode(ByteBuffer.wrap("ur\n".getBytes(StandardCharsets.US_ASCII)), pausing);
        assertThat(lines).containsExactly("one", "two", "three", "four");
        assertThat(decoder.hasPartial()).isFalse();
    }

    /** As for frames: a pause ended from inside the sink does not hand the held lines over a second time. */
    @Test
    void aResumeFromInsideTheSinkGoesOnWhereDeliveryWas() {
        LineDecoder decoder = new LineDecoder(100);
        Recorder resuming = new Recorder() {
            @Override
            public void line(byte[] bytes, int offset, int length) {
                super.line(bytes, offset, length);
                decoder.pause();
                assertThat(decoder.resume(this)).isTrue();
            }
        };
        decoder.decode(ByteBuffer.wrap("on".getBytes(StandardCharsets.US_ASCII)), resuming); // held
        decoder.decode(ByteBuffer.wrap("e\ntwo\nthr".getBytes(StandardCharsets.US_ASCII)), resuming); // from what is held
        assertThat(resuming.events).containsExactly("one", "two");
        decoder.decode(ByteBuffer.wrap("ee\n".getBytes(StandardCharsets.US_ASCII)), resuming);
        assertThat(resuming.events).containsExactly("one", "two", "three");
        assertThat(decoder.hasPartial()).isFalse();
    }

    @Test
    void anUnfinishedLineIsChargedAndGivenBackWhenItEnds() {
        CountingBudget budget = new CountingBudget(1 << 20);
        LineDecoder decoder = new LineDecoder(100, budget);
        Recorder recorder = new Recorder();
        decoder.decode(ByteBuffer.wrap("partial".getBytes(StandardCharsets.US_ASCII)), recorder);
        assertThat(budget.used).isEqualTo(decoder.heldBytes()).isEqualTo(7);
        decoder.decode(ByteBuffer.wrap(" line\n".getBytes(StandardCharsets.US_ASCII)), recorder);
        assertThat(recorder.events).containsExactly("partial line");
        assertThat(budget.used).isZero();
    }

    @Test
    void inputTheBudgetCannotHoldIsRefusedAndDecodingEnds() {
        CountingBudget budget = new CountingBudget(10);
        LineDecoder decoder = new LineDecoder(100, budget);
        List<Long> refused = new ArrayList<>();
        Recorder recorder = new Recorder() {
            @Override
            public void memoryRefused(long bytes) {
                refused.add(bytes);
            }
        };
        decoder.decode(ByteBuffer.wrap("one\ntwelve bytes".getBytes(StandardCharsets.US_ASCII)), recorder);
        assertThat(recorder.events).containsExactly("one");
        assertThat(refused).containsExactly(12L);
        assertThat(budget.used).isZero();
        assertThat(decoder.hasPartial()).isFalse();
        decoder.decode(ByteBuffer.wrap("two\n".getBytes(StandardCharsets.US_ASCII)), recorder);
        assertThat(recorder.events).containsExactly("one");
    }

    @Test
    void consumesTheWholeBuffer() {
        ByteBuffer in = ByteBuffer.wrap("a\nb".getBytes(StandardCharsets.US_ASCII));
        new LineDecoder(10).decode(in, new Recorder());
        assertThat(in.hasRemaining()).isFalse();
    }
}
