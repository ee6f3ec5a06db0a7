package reactorchat.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import reactorchat.codec.Frame;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;

/**
 * The other end of a transfer, driven step by step by a test: send frames, expect frames within a
 * deadline, or stop reading for a while (nothing is read between calls).
 */
final class FramePeer implements AutoCloseable {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final FrameLink link;
    private final List<Frame> unread = new ArrayList<>();

    private FramePeer(FrameLink link) {
        this.link = link;
    }

    /** Connects, waits for the welcome and takes {@code nick}. */
    static FramePeer connect(InetSocketAddress address, String nick) throws IOException {
        FramePeer peer = new FramePeer(FrameLink.connect(address));
        String guest = peer.expect(ToClient.WELCOME).field(2);
        peer.send(ToServer.NICK.frame(nick));
        peer.expectMatching(ToClient.NICK, frame -> frame.field(0).equals(guest));
        return peer;
    }

    void send(Frame frame) throws IOException {
        link.send(frame);
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!link.flushed()) {
            poll(deadline, "the socket to take a frame");
        }
    }

    Frame expect(ToClient type) throws IOException {
        return expectMatching(type, frame -> true);
    }

    /** Waits for the first frame of {@code type} that matches; frames before it are dropped. */
    Frame expectMatching(ToClient type, java.util.function.Predicate<Frame> wanted) throws IOException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            while (!unread.isEmpty()) {
                Frame frame = unread.remove(0);
                if (frame.type() == type.code && wanted.test(frame)) {
                    return frame;
                }
            }
            if (link.closedByServer()) {
                throw new AssertionError("the server closed the connection while waiting for " + type);
            }
            poll(deadline, type.name());
        }
    }

    private void poll(long deadline, String what) throws IOException {
        if (System.nanoTime() > deadline) {
            throw new AssertionError("no " + what + " within 10 s; unread: " + unread.size() + " frames");
        }
        link.poll(50, unread::add);
    }

    @Override
    public void close() {
        link.close();
    }
}
