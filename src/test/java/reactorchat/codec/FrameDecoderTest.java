package reactorchat.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import reactorchat.testing.CountingBudget;

class FrameDecoderTest {
    /** Records frames as "TYPE[field|field]#bodyhex" and faults as "<code type why>". */
    static class Recorder implements FrameDecoder.Sink {
        final List<String> events = new ArrayList<>();
        final List<Frame> frames = new ArrayList<>();

        @Override
        public void frame(Frame frame) {
            frames.add(frame);
            events.add(show(frame));
        }

        @Override
        public void badFrame(FrameDecoder.Fault fault, int type, String why) {
            events.add("<" + fault.code + " " + type + ">");
        }

        @Override
        public void frameTooLong(long length, int maxFrame) {
            events.add("<too long " + length + " > " + maxFrame + ">");
        }
    }

    static String show(Frame frame) {
        byte[] body = new byte[frame.body().remaining()];
        frame.body().duplicate().get(body);
        return Integer.toHexString(frame.type()) + frame.fields() + "#" + new String(body, StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(ByteBuffer... buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer buffer : buffers) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static Frame chunk(String id, String body) {
        return new Frame(ToServer.CHUNK.code, List.of(id), ByteBuffer.wrap(body.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Decodes {@code stream} cut at the given offsets (ascending). */
    private static List<String> decode(int max, byte[] stream, int... cuts) {
        FrameDecoder decoder = new FrameDecoder(max);
        Recorder recorder = new Recorder();
        int from = 0;
        for (int cut : cuts) {
            decoder.decode(ByteBuffer.wrap(stream, from, cut - from), recorder);
            from = cut;
        }
        decoder.decode(ByteBuffer.wrap(stream, from, stream.length - from), recorder);
        return recorder.events;
    }

    /** A raw frame: the length prefix then exactly these bytes. */
    private static byte[] raw(int... bytes) {
        ByteBuffer out = ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length);
        for (int b : bytes) {
            out.put((byte) b);
        }
        return out.array();
    }

    private static final Frame SAY = ToServer.SAY.frame("lobby", "héllo wörld ✓ 🎉");
    private static final Frame PING = ToServer.PING.frame("t");
    private static final Frame CHUNK = chunk("7", "binary\0\n\r\u00ffbytes");

    @Test
    void encodesAsTheContractSays() {
        byte[] bytes = concat(ToServer.JOIN.frame("ab").encode());
        assertThat(bytes).containsExactly(0, 0, 0, 8, 1, 0x02, 0, 1, 0, 2, 'a', 'b');
        assertThat(concat(Frame.encodeHeader(0x94, List.of("1"), 3))).containsExactly(0, 0, 0, 10, 1, 0x94, 0, 1, 0, 1, '1');
        assertThat(Frame.headerBytes(List.of("1"))).isEqualTo(7);
    }

    @Test
    void decodesWhatWasEncoded() {
        byte[] stream = concat(SAY.encode(), PING.encode(), CHUNK.encode(), ToServer.ROOMS.frame().encode());
        assertThat(decode(1000, stream)).containsExactly(show(SAY), show(PING), show(CHUNK), "6[]#");
    }

    @Test
    void decodesTheSameWhereverTheStreamIsCut() {
        byte[] stream = concat(SAY.encode(), CHUNK.encode(), PING.encode());
        List<String> whole = decode(1000, stream);
        for (int cut = 0; cut <= stream.length; cut++) {
            assertThat(decode(1000, stream, cut)).as("cut at %d", cut).isEqualTo(whole);
        }
        int[] everyByte = new int[stream.length - 1];
        Arrays.setAll(everyByte, i -> i + 1);
        assertThat(decode(1000, stream, everyByte)).isEqualTo(whole);
    }

    @Test
    void decodesManyFramesFromOneRead() {
        ByteBuffer[] frames = new ByteBuffer[500];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = ToServer.SAY.frame("room", "line " + i).encode();
        }
        List<String> events = decode(1000, concat(frames));
        assertThat(events).hasSize(500).endsWith("4[room, line 499]#");
    }

    @Test
    void aFrameOverTheLimitStopsDecoding() {
        Frame big = chunk("1", "x".repeat(100));
        byte[] stream = concat(PING.encode(), big.encode(), PING.encode());
        assertThat(decode(100, stream)).containsExactly(show(PING), "<too long 107 > 100>");
        assertThat(decode(100, stream, 10, 14, 20)).containsExactly(show(PING), "<too long 107 > 100>");
        // A length with the top bit set is a huge length, not a negative one.
        assertThat(decode(100, new byte[] {(byte) 0x80, 0, 0, 0, 1, 2, 3})).containsExactly("<too long 2147483648 > 100>");
    }

    @Test
    void aFrameAtTheLimitIsAccepted() {
        Frame big = chunk("1", "x".repeat(100));
        int length = big.encode().remaining() - 4;
        assertThat(decode(length, concat(big.encode()))).containsExactly(show(big));
    }

    @Test
    void truncatedHeadersAreSkippedAndDecodingGoesOn() {
        byte[] stream = concat(ByteBuffer.wrap(raw()), ByteBuffer.wrap(raw(1)), ByteBuffer.wrap(raw(1, 4)),
                ByteBuffer.wrap(raw(1, 4, 0)), PING.encode());
        assertThat(decode(100, stream)).containsExactly("<bad-frame -1>", "<bad-frame -1>", "<bad-frame 4>", "<bad-frame 4>",
                show(PING));
    }

    @Test
    void fieldsRunningPastTheEndAreSkippedAndDecodingGoesOn() {
        byte[] stream = concat(ByteBuffer.wrap(raw(1, 4, 0, 2, 0, 1, 'a')), // a second field is missing
                ByteBuffer.wrap(raw(1, 4, 0, 1, 0, 9, 'a', 'b')), // the field is shorter than its size
                ByteBuffer.wrap(raw(1, 4, 0, 1, 0)), // half a size
                PING.encode());
        assertThat(decode(100, stream)).containsExactly("<bad-frame 4>", "<bad-frame 4>", "<bad-frame 4>", show(PING));
    }

    @Test
    void anotherVersionIsSkippedAndDecodingGoesOn() {
        byte[] stream = concat(ByteBuffer.wrap(raw(2, 4, 0, 0)), ByteBuffer.wrap(raw(0)), PING.encode());
        assertThat(decode(100, stream)).containsExactly("<bad-version 4>", "<bad-version -1>", show(PING));
    }

    @Test
    void textThatIsNotUtf8IsSkippedAndDecodingGoesOn() {
        byte[] stream = concat(ByteBuffer.wrap(raw(1, 4, 0, 1, 0, 2, 0xC3, 0x28)), // a broken two-byte sequence
                ByteBuffer.wrap(raw(1, 4, 0, 1, 0, 3, 0xED, 0xA0, 0x80)), // an encoded surrogate
                ByteBuffer.wrap(raw(1, 4, 0, 1, 0, 2, 0xC0, 0x80)), // an overlong NUL
                PING.encode());
        assertThat(decode(100, stream)).containsExactly("<bad-frame 4>", "<bad-frame 4>", "<bad-frame 4>", show(PING));
    }

    @Test
    void extraBytesAfterTheFieldsAreTheBody() {
        assertThat(decode(100, raw(1, 0x14, 0, 1, 0, 1, '3', 'x', 'y'))).containsExactly("14[3]#xy");
    }

    @Test
    void keepsOnlyTheUnfinishedFrameAndHandsOverItsBody() {
        Frame big = chunk("9", "b".repeat(1000));
        byte[] stream = concat(PING.encode(), big.encode());
        FrameDecoder decoder = new FrameDecoder(2000);
        Recorder recorder = new Recorder();
        decoder.decode(ByteBuffer.wrap(stream, 0, 200), recorder);
        assertThat(decoder.heldBytes()).as("what arrived of the unfinished frame, exactly, not its declared length")
                .isEqualTo(200 - PING.encode().remaining());
        assertThat(decoder.hasPartial()).isTrue();
        decoder.decode(ByteBuffer.wrap(stream, 200, stream.length - 200), recorder);
        assertThat(decoder.heldBytes()).isZero();
        assertThat(decoder.hasPartial()).isFalse();
        assertThat(recorder.events).containsExactly(show(PING), show(big));

        // A body read in place was copied out of the caller's buffer: reusing the buffer does not change it.
        byte[] reused = concat(CHUNK.encode());
        Recorder second = new Recorder();
        decoder.decode(ByteBuffer.wrap(reused), second);
        Arrays.fill(reused, (byte) 0);
        assertThat(show(second.frames.get(0))).isEqualTo(show(CHUNK));
    }

    @Test
    void aPauseHoldsTheRestUntilResumed() {
        byte[] stream = concat(SAY.encode(), PING.encode(), CHUNK.encode());
        FrameDecoder decoder = new FrameDecoder(1000);
        List<String> seen = new ArrayList<>();
        FrameDecoder.Sink pausing = new Recorder() {
            @Override
            public void frame(Frame frame) {
                seen.add(show(frame));
                decoder.pause();
            }
        };
        decoder.decode(ByteBuffer.wrap(stream, 0, stream.length - 3), pausing);
        assertThat(seen).containsExactly(show(SAY));
        decoder.decode(ByteBuffer.wrap(stream, stream.length - 3, 3), pausing); // arrives while paused: held too
        assertThat(decoder.resume(pausing)).isFalse();
        assertThat(decoder.resume(pausing)).isFalse();
        assertThat(seen).containsExactly(show(SAY), show(PING), show(CHUNK));
        assertThat(decoder.resume(pausing)).isTrue();
        assertThat(decoder.heldBytes()).isZero();
    }

    /**
     * A sink that pauses and resumes while handling one frame, as a file sender does on a transfer's
     * last chunk (suspended for a full receiver, freed as the transfer completes): the frame is not
     * handed over twice, and decoding goes on with the next one where it was.
     */
    @Test
    void aResumeFromInsideTheSinkGoesOnWhereDeliveryWas() {
        Frame last = chunk("1", "the last chunk");
        byte[] stream = concat(last.encode(), PING.encode(), SAY.encode());
        CountingBudget budget = new CountingBudget(1 << 20);
        FrameDecoder decoder = new FrameDecoder(1000, budget);
        Recorder suspending = new Recorder() {
            @Override
            public void frame(Frame frame) {
                super.frame(frame);
                if (frames.size() == 1) {
                    decoder.pause();
                    assertThat(decoder.resume(this)).isTrue();
                }
            }
        };
        decoder.decode(ByteBuffer.wrap(stream, 0, 5), suspending); // the chunk's start is held
        decoder.decode(ByteBuffer.wrap(stream, 5, stream.length - 5), suspending); // delivered from what is held
        assertThat(suspending.events).containsExactly(show(last), show(PING), show(SAY));
        assertThat(decoder.hasPartial()).isFalse();
        assertThat(budget.used).isZero();
        decoder.decode(PING.encode(), suspending); // and the next read starts clean
        assertThat(suspending.events).containsExactly(show(last), show(PING), show(SAY), show(PING));
    }

    @Test
    void bodiesHandedOverFromWhatAPauseHeldStayIntact() {
        Frame one = chunk("1", "first body");
        Frame two = chunk("2", "second body");
        Frame three = chunk("3", "third body");
        byte[] stream = concat(one.encode(), two.encode(), three.encode());
        FrameDecoder decoder = new FrameDecoder(1000);
        Recorder pausing = new Recorder() {
            @Override
            public void frame(Frame frame) {
                super.frame(frame);
                decoder.pause();
            }
        };
        decoder.decode(ByteBuffer.wrap(stream, 0, stream.length - 5), pausing);
        decoder.resume(pausing); // delivers two from the held bytes, then pauses again
        decoder.decode(ByteBuffer.wrap(stream, stream.length - 5, 5), pausing); // held with the rest of three
        decoder.resume(pausing);
        assertThat(pausing.frames).extracting(FrameDecoderTest::show).containsExactly(show(one), show(two), show(three));
    }

    @Test
    void randomFramesCutAtRandomDecodeAlike() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<ByteBuffer> frames = new ArrayList<>();
            int count = 1 + random.nextInt(20);
            for (int i = 0; i < count; i++) {
                byte[] body = new byte[random.nextInt(300)];
                random.nextBytes(body);
                String[] fields = new String[random.nextInt(4)];
                Arrays.setAll(fields, f -> "f" + random.nextInt(1000) + "é".repeat(random.nextInt(3)));
                frames.add(new Frame(random.nextInt(256), List.of(fields), ByteBuffer.wrap(body)).encode());
                if (random.nextInt(10) == 0) {
                    byte[] garbage = new byte[random.nextInt(6)];
                    random.nextBytes(garbage);
                    frames.add(ByteBuffer.wrap(raw(garbage.length == 0 ? new int[0] : new int[] {garbage[0] & 0xFF})));
                }
            }
            byte[] stream = concat(frames.toArray(ByteBuffer[]::new));
            int[] cuts = random.ints(random.nextInt(30), 0, stream.length + 1).sorted().toArray();
            assertThat(decode(1000, stream, cuts)).as("round %d", round).isEqualTo(decode(1000, stream));
        }
    }

    @Test
    void aDeclaredLengthAllocatesNothingUntilItsBytesArrive() {
        CountingBudget budget = new CountingBudget(1 << 20);
        FrameDecoder decoder = new FrameDecoder(16 << 20, budget);
        Recorder recorder = new Recorder();
        byte[] prefix = ByteBuffer.allocate(4).putInt(16 << 20).array();
        decoder.decode(ByteBuffer.wrap(prefix), recorder);
        assertThat(decoder.heldBytes()).as("a prefix alone").isEqualTo(4);
        assertThat(budget.used).isEqualTo(4);

        byte[] some = new byte[1000];
        decoder.decode(ByteBuffer.wrap(some), recorder);
        assertThat(decoder.heldBytes()).as("grown as bytes arrive").isBetween(1004, 2 * 1004);
        assertThat(budget.used).isEqualTo(decoder.heldBytes());
        assertThat(decoder.hasPartial()).isTrue();
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void growsAFrameByteByByteWithFewAllocationsAndGivesItsMemoryBackOnDelivery() {
        Frame big = chunk("5", "z".repeat(5000));
        byte[] stream = concat(big.encode(), PING.encode());
        CountingBudget budget = new CountingBudget(1 << 20);
        FrameDecoder decoder = new FrameDecoder(10_000, budget);
        Recorder recorder = new Recorder();
        for (int i = 0; i < stream.length; i++) {
            decoder.decode(ByteBuffer.wrap(stream, i, 1), recorder);
        }
        assertThat(recorder.events).containsExactly(show(big), show(PING));
        assertThat(budget.charges).as("doubling, not one allocation per byte").isLessThan(20);
        assertThat(budget.used).as("all given back").isZero();
        assertThat(decoder.heldBytes()).isZero();
    }

    @Test
    void aFrameTheBudgetCannotHoldIsRefusedNotAllocatedAndDecodingStops() {
        Frame big = chunk("5", "z".repeat(5000));
        byte[] stream = concat(PING.encode(), big.encode(), PING.encode());
        CountingBudget budget = new CountingBudget(1000);
        FrameDecoder decoder = new FrameDecoder(10_000, budget);
        List<String> refusals = new ArrayList<>();
        Recorder recorder = new Recorder() {
            @Override
            public void memoryRefused(long bytes) {
                refusals.add("<refused " + bytes + ">");
            }
        };
        decoder.decode(ByteBuffer.wrap(stream, 0, 900), recorder);
        assertThat(budget.used).isEqualTo(900 - PING.encode().remaining());
        decoder.decode(ByteBuffer.wrap(stream, 900, stream.length - 900), recorder);
        assertThat(recorder.events).containsExactly(show(PING));
        assertThat(refusals).containsExactly("<refused " + big.encode().remaining() + ">");
        assertThat(budget.used).as("nothing held after the refusal").isZero();
        assertThat(decoder.hasPartial()).isFalse();
        decoder.decode(ByteBuffer.wrap(concat(PING.encode())), recorder);
        assertThat(recorder.events).as("the stream cannot be resynchronised").containsExactly(show(PING));
    }

    @Test
    void whatAPauseHoldsIsChargedAndGivenBack() {
        byte[] stream = concat(SAY.encode(), PING.encode(), CHUNK.encode());
        CountingBudget budget = new CountingBudget(1 << 20);
        FrameDecoder decoder = new FrameDecoder(1000, budget);
        Recorder pausing = new Recorder() {
            @Override
            public void frame(Frame frame) {
                super.frame(frame);
                decoder.pause();
            }
        };
        decoder.decode(ByteBuffer.wrap(stream), pausing);
        assertThat(budget.used).isEqualTo(stream.length - SAY.encode().remaining());
        decoder.resume(pausing);
        assertThat(budget.used).as("the chunk still held").isPositive();
        decoder.resume(pausing);
        decoder.resume(pausing);
        assertThat(pausing.events).containsExactly(show(SAY), show(PING), show(CHUNK));
        assertThat(budget.used).isZero();
    }

    @Test
    void fitCutsTextToAFieldNeverInsideACharacter() {
        String text = "é".repeat(40_000);
        String fitted = Frame.fit(text);
        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isEqualTo(65_534);
        assertThat(Frame.fit("short")).isEqualTo("short");
        assertThatThrownBy(() -> Frame.of(1, text).encode()).isInstanceOf(IllegalArgumentException.class);
    }
}
