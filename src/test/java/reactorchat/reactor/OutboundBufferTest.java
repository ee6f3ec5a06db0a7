package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * A write hands the shared buffers themselves to the channel and puts their positions back: every
 * queue sees them unmoved, whatever the kernel took, and a buffer queued twice goes out twice.
 */
class OutboundBufferTest {
    private final ClientMemory memory = new ClientMemory(Limits.UNLIMITED);
    private final ByteBuffer[] gather = new ByteBuffer[64];
    private final int[] positions = new int[64];

    @Test
    void partialWritesOfSharedBuffersAndOneQueuedTwiceLeaveEveryPositionAsItWas() throws IOException {
        ByteBuffer a = text("aaaaa\n");
        ByteBuffer b = text("bb\n");
        OutboundBuffer first = new OutboundBuffer(memory);
        OutboundBuffer second = new OutboundBuffer(memory);
        for (ByteBuffer buffer : new ByteBuffer[] {a, b, a, a}) {
            first.add(buffer);
        }
        second.add(a);
        second.add(b);
        Trickle four = new Trickle(4);
        Trickle one = new Trickle(1);
        while (!first.isEmpty() || !second.isEmpty()) {
            if (!first.isEmpty()) {
                first.writeTo(four, gather, positions, 1 << 16);
            }
            if (!second.isEmpty()) {
                second.writeTo(one, gather, positions, 1 << 16);
            }
            assertThat(a.position()).isZero();
            assertThat(b.position()).isZero();
        }
        assertThat(four.written()).isEqualTo("aaaaa\nbb\naaaaa\naaaaa\n");
        assertThat(one.written()).isEqualTo("aaaaa\nbb\n");
        assertThat(memory.used()).isZero();
    }

    @Test
    void aFailedWriteLeavesEveryPositionAsItWas() throws IOException {
        ByteBuffer a = text("aaaaa\n");
        ByteBuffer b = text("bb\n");
        OutboundBuffer queue = new OutboundBuffer(memory);
        queue.add(a);
        queue.add(b);
        Trickle two = new Trickle(2);
        queue.writeTo(two, gather, positions, 1 << 16); // part of the first buffer is written
        two.failing = true;
        assertThatThrownBy(() -> queue.writeTo(two, gather, positions, 1 << 16)).isInstanceOf(IOException.class);
        assertThat(a.position()).isZero();
        assertThat(b.position()).isZero();
        assertThat(gather).containsOnlyNulls();
        queue.clear();
        assertThat(memory.used()).isZero();
    }

    private static ByteBuffer text(String text) {
        return StandardCharsets.UTF_8.encode(text).asReadOnlyBuffer();
    }

    /**
     * A channel that takes at most {@code most} bytes a write, reading every buffer's position
     * first and moving each after, as the JDK's gathering write does; or fails, when told.
     */
    private static final class Trickle implements GatheringByteChannel {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int most;
        boolean failing;

        Trickle(int most) {
            this.most = most;
        }

        String written() {
            return out.toString(StandardCharsets.UTF_8);
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
            int[] starts = new int[length];
            int[] sizes = new int[length];
            for (int i = 0; i < length; i++) {
                starts[i] = sources[offset + i].position();
                sizes[i] = sources[offset + i].remaining();
            }
            if (failing) {
                throw new IOException("connection reset");
            }
            long written = 0;
            for (int i = 0; i < length && written < most; i++) {
                int n = (int) Math.min(most - written, sizes[i]);
                ByteBuffer view = sources[offset + i].duplicate();
                view.position(starts[i]).limit(starts[i] + n);
                byte[] bytes = new byte[n];
                view.get(bytes);
                out.write(bytes, 0, n);
                written += n;
            }
            long left = written;
            for (int i = 0; i < length && left > 0; i++) {
                int n = (int) Math.min(left, sizes[i]);
                sources[offset + i].position(starts[i] + n);
                left -= n;
            }
            return written;
        }

        @Override
        public long write(ByteBuffer[] sources) throws IOException {
            return write(sources, 0, sources.length);
        }

        @Override
        public int write(ByteBuffer source) {
            throw new UnsupportedOperationException("a queue writes with gathering writes only");
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
