package reactorchat.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import reactorchat.codec.LineDecoder;

/**
 * A client's reading side: reads its socket into the loop's buffer, decrypts it if the client
 * speaks TLS, splits what came into lines (or has its WebSocket make lines of the messages),
 * hands the server's own lines (welcome, join, ping, errors) back to its client, and checks each
 * room message a chatter gets against its sender's sequence.
 */
final class Inbox implements LineDecoder.Sink {
    /** Longest line accepted from a server; IRC's limit is 512, ours is configurable. */
    private static final int MAX_LINE = 64 * 1024;
    /** Reads per readiness event, so one busy socket cannot hold the loop. */
    private static final int READS_PER_EVENT = 4;

    private final SimClient client;
    private final ClientLoop loop;
    private final LineDecoder decoder = new LineDecoder(MAX_LINE);
    private final SequenceCheck sequences = new SequenceCheck();
    private long readNanos;
    /** Whether its deliveries count toward latency: false for one that reads only now and then. */
    private boolean timed = true;
    /** Inside a room's history played back on a join: what was said before this run. */
    private boolean playback;

    Inbox(SimClient client, ClientLoop loop) {
        this.client = client;
        this.loop = loop;
    }

    /**
     * Reads what has arrived, a few buffers at most, and acts on every whole line in it.
     *
     * @return false if the server closed the connection
     */
    boolean read(SocketChannel channel) throws IOException {
        ByteBuffer buffer = loop.readBuffer();
        for (int i = 0; i < READS_PER_EVENT && client.state() != SimClient.State.CLOSED; i++) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                return false;
            }
            if (n == 0) {
                return true;
            }
            buffer.flip();
            readNanos = System.nanoTime();
            if (client.tls() == null) {
                plaintext(buffer);
            } else if (!client.tls().unwrap(buffer, this::plaintext)) {
                return false;
            }
            if (n < buffer.capacity()) {
                return true;
            }
        }
        return true;
    }

    private void plaintext(ByteBuffer plain) throws IOException {
        if (client.ws() == null) {
            decoder.decode(plain, this);
        } else {
            client.ws().decode(plain, this);
        }
    }

    /** Its deliveries no longer give latency: it reads only now and then. */
    void untimed() {
        timed = false;
    }

    /** Starts checking sequences from {@code senders} senders, each from 0. */
    void expect(int senders) {
        sequences.expect(senders);
    }

    /** Makes this client sender {@code index}, which matters where a server does not echo to the sender. */
    void sendAs(int index) {
        sequences.sendAs(index);
    }

    /**
     * Messages a connected receiver has not had yet after the last it got from each sender (gaps
     * before that are already counted as lost).
     */
    long unreceived(long[] sentPerSender) {
        return client.state() != SimClient.State.JOINED ? 0
                : sequences.unreceived(sentPerSender, loop.dialect().echoesSender);
    }

    /** How many of {@code sender}'s messages this receiver has had up to its latest one; 0 unless connected. */
    long receivedFrom(int sender) {
        return client.state() != SimClient.State.JOINED ? 0 : sequences.receivedFrom(sender);
    }

    @Override
    public void line(byte[] bytes, int offset, int length) {
        int code = loop.dialect().classify(bytes, offset, length);
        if (code == SimDialect.PLAYBACK_START || code == SimDialect.PLAYBACK_END) {
            playback = code == SimDialect.PLAYBACK_START;
        } else if (playback) {
            return;
        } else if (code >= 0) {
            message(bytes, offset + code, offset + length);
        } else {
            client.serverLine(code, bytes, offset, length);
        }
    }

    @Override
    public void lineTooLong(int maxLength) {
        loop.tally().foreign++;
    }

    private void message(byte[] bytes, int at, int end) {
        if (client.role != SimClient.Role.CHATTER) {
            loop.roster().heard(client, bytes, at, end);
            return;
        }
        if (loop.settled()) {
            return; // after the run's counts were settled: neither a delivery nor a loss
        }
        Payload payload = loop.payloadReader();
        if (!payload.parse(bytes, at, end) || !sequences.expects(payload.sender)) {
            loop.tally().foreign++;
        } else if (sequences.receive(payload.sender, payload.seq, loop.tally())) {
            loop.delivered(payload.sender, payload.seq, payload.intendedNanos, readNanos, timed);
        }
    }
}
