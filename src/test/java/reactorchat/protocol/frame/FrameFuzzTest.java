package reactorchat.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import reactorchat.chat.Chat;
import reactorchat.codec.Frame;
import reactorchat.codec.FrameDecoder;
import reactorchat.codec.ToClient;
import reactorchat.protocol.line.LineDialect;
import reactorchat.reactor.DrivenLoop;
import reactorchat.testing.PeerScript;
import reactorchat.testing.ReceivedLines;

/**
 * Fuzz target for the frame dialect's sessions and file transfers, driven through the real loop
 * and chat without sockets ({@link DrivenLoop}). A plain test run replays the seeds in
 * src/test/resources; a fuzzing run is {@code JAZZER_FUZZ=1 mvn test -Dtest=FrameFuzzTest}.
 */
class FrameFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);
    /** Small, so that oversize frames and whole transfers are a few bytes of input away. */
    private static final FrameOptions OPTIONS = new FrameOptions(FrameOptions.MIN_FRAME_BYTES, 4096);
    private static final int FRAME_PEERS = 3;

    /**
     * Three frame users and a line user in one chat send any bytes, read slowly or not at all,
     * close, go idle or see a shutdown: no handler throws; every frame a frame user gets decodes
     * cleanly, is of a known type with the fields it promises, and holds no control character in
     * its text; queues stay within their limits; users and rooms agree; and when all have gone no
     * user, room or transfer is left.
     */
    @FuzzTest(maxDuration = "6h", maxExecutions = 10_000_000)
    void sessionsAndTransfersSurviveAnyBytes(byte[] input) throws IOException {
        PeerScript script = new PeerScript(input);
        Chat chat = new Chat(CLOCK);
        FrameDialect frames = new FrameDialect(chat, OPTIONS, script.session());
        LineDialect lines = new LineDialect(chat, ZoneOffset.UTC, script.session());
        List<ReceivedFrames> framesSeen = new ArrayList<>();
        ReceivedLines linesSeen = new ReceivedLines(ReceivedLines.Rule.LINE, script.inputLimits().maxLineBytes());
        try (DrivenLoop loop = new DrivenLoop()) {
            for (int i = 0; i < PeerScript.PEERS; i++) {
                loop.connect(i < FRAME_PEERS ? frames : lines, script.limits(), "127.0.0." + (i + 1), script.peerReads(i));
                if (i < FRAME_PEERS) {
                    framesSeen.add(new ReceivedFrames());
                }
            }
            script.playInChat(loop, chat, () -> check(loop, framesSeen, linesSeen));
        }
        assertThat(chat.users()).isEmpty();
        assertThat(chat.rooms()).isEmpty();
        assertThat(chat.transfers().active()).isZero();
    }

    private static void check(DrivenLoop loop, List<ReceivedFrames> framesSeen, ReceivedLines linesSeen) {
        for (int i = 0; i < FRAME_PEERS; i++) {
            framesSeen.get(i).take(loop.peers().get(i).received());
        }
        linesSeen.take(loop.peers().get(FRAME_PEERS).received());
        loop.assertOutputWithinLimits();
    }

    /** What one frame user has received, decoded as a client decodes it, each frame checked. */
    private static final class ReceivedFrames implements FrameDecoder.Sink {
        /** What a client should accept from the server: WHO and ROOMS answers may pass --max-frame. */
        private final FrameDecoder decoder = new FrameDecoder(16 << 20);

        void take(byte[] bytes) {
            decoder.decode(ByteBuffer.wrap(bytes), this);
        }

        @Override
        public void frame(Frame frame) {
            ToClient type = ToClient.of(frame.type());
            if (type == null) {
                throw new AssertionError("a frame of unknown type " + frame.type() + ": " + frame);
            }
            if (frame.fields().size() < type.fields) {
                throw new AssertionError(type + " with " + frame.fields().size() + " fields: " + frame);
            }
            if (type != ToClient.CHUNK && frame.body().hasRemaining()) {
                throw new AssertionError(type + " with a body: " + frame);
            }
            for (String field : frame.fields()) {
                for (int i = 0; i < field.length(); i++) {
                    char c = field.charAt(i);
                    if (c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f) {
                        throw new AssertionError(type + " with control character " + (int) c + ": " + frame);
                    }
                }
            }
        }

        @Override
        public void badFrame(FrameDecoder.Fault fault, int type, String why) {
            throw new AssertionError("the server sent a bad frame (" + fault + ", type " + type + "): " + why);
        }

        @Override
        public void frameTooLong(long length, int maxFrame) {
            throw new AssertionError("the server sent a frame of " + length + " bytes");
        }
    }
}
