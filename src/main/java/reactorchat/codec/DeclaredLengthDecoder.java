package reactorchat.codec;

import java.nio.ByteBuffer;

import reactorchat.reactor.MemoryBudget;

/**
 * A decoder of frames whose header declares how long they are (the frame dialect's and
 * WebSocket's). A frame that lies whole in the bytes given is read from them in place; only an
 * unfinished frame is copied into {@code held}, which takes no more than that frame still lacks,
 * so a connection holds at most one unfinished frame and nothing between frames.
 */
abstract class DeclaredLengthDecoder<S extends Decoder.Sink> extends PausableDecoder<S> {
    DeclaredLengthDecoder(MemoryBudget budget) {
        super(budget);
    }

    /**
     * The most bytes the unfinished frame at {@code bytes[at, end)} can need: as much of its header
     * as tells the next thing about its length while the header is not whole, then all of it.
     */
    protected abstract long bound(byte[] bytes, int at, int end);

    @Override
    public final void decode(ByteBuffer in, S sink) {
        byte[] bytes = in.array();
        int pos = in.arrayOffset() + in.position();
        int end = in.arrayOffset() + in.limit();
        in.position(in.limit());
        while (pos < end && !stopped) {
            if (paused) {
                long needed = end - pos + held.size();
                hold(bytes, pos, end, needed, needed, sink);
                break;
            }
            if (held.isEmpty()) {
                pos = scanning(bytes, pos, end, sink);
                if (pos < end && !paused && !stopped) {
                    long most = bound(bytes, pos, end);
                    hold(bytes, pos, end, most, most, sink);
                    break;
                }
            } else {
                // Only what the held frame still lacks: the frames after it are read in place.
                long most = bound(held.array(), held.start(), held.end());
                int take = (int) Math.min(end - pos, most - held.size());
                if (!hold(bytes, pos, pos + take, most, most, sink)) {
                    break;
                }
                pos += take;
                scanHeld(sink);
            }
        }
        inputDone(sink);
    }
}
