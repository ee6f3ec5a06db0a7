package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * A write copies the front of the queue into the loop's staging buffer and never moves the shared
 * buffers: every queue sees them unmoved, whatever the kernel took, and a buffer queued twice goes
 * out twice.
 */
class OutboundBufferTest {
    private final ClientMemory memory = new ClientMemory(Limits.UNLIMITED);
    private final ByteBuffer staging = ByteBuffer.allocateDirect(64);

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
                first.writeTo(four, staging);
            }
            if (!second.isEmpty()) {
                second.writeTo(one, staging);
            }
            assertThat(a.position()).isZero();
            assertThat(b.position()).isZero();
        }
        assertThat(four.written()).isEqualTo("aaaaa\nbb\naaaaa\naaaaa\n");
        assertThat(one.written()).isEqualTo("aaaaa\nbb\n");
        assertThat(memory.used()).isZero();
    }

    @Test
    void oneWriteTakesNoMoreThanTheStagingBufferHolds() throws IOException {
        ByteBuffer line = text("x".repeat(40) + "\n");
        OutboundBuffer queue = new OutboundBuffer(memory);
        queue.add(line);
        queue.add(line);
        Trickle all = new Trickle(Integer.MAX_VALUE);
        assertThat(queue.writeTo(all, staging)).isEqualTo(64);
        assertThat(queue.bytes()).isEqualTo(2 * 41 - 64);
        assertThat(queue.writeTo(all, staging)).isEqualTo(2 * 41 - 64);
        assertThat(all.written()).isEqualTo("x".repeat(40) + "\n" + "x".repeat(40) + "\n");
        assertThat(line.position()).isZero();
    }

    @Test
    void aFailedWriteLeavesEveryPositionAsItWas() throws IOException {
        ByteBuffer a = text("aaaaa\n");
        ByteBuffer b = text("bb\n");
        OutboundBuffer queue = new OutboundBuffer(memory);
        queue.add(a);
        queue.add(b);
        Trickle two = new Trickle(2);
        queue.writeTo(two, staging); // part of the first buffer is written
        two.failing = true;
        assertThatThrownBy(() -> queue.writeTo(two, staging)).isInstanceOf(IOException.class);
        assertThat(a.position()).isZero();
        assertThat(b.position()).isZero();
        queue.clear();
        assertThat(memory.used()).isZero();
    }

    private static ByteBuffer text(String text) {
        return StandardCharsets.UTF_8.encode(text).asReadOnlyBuffer();
    }

    /** A channel that takes at most {@code most} bytes a write; or fails, when told. */
    private static final class Trickle implements WritableByteChannel {
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
        public int write(ByteBuffer source) throws IOException {
            if (failing) {
                throw new IOException("connection reset");
            }
            int n = Math.min(most, source.remaining());
            byte[] bytes = new byte[n];
            source.get(bytes);
            out.write(bytes, 0, n);
            return n;
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
