package reactorchat.testing;

import java.util.Arrays;
import java.util.List;

import reactorchat.chat.Chat;
import reactorchat.protocol.InputLimits;
import reactorchat.protocol.SessionOptions;
import reactorchat.reactor.DrivenLoop;
import reactorchat.reactor.Limits;

/**
 * Fuzz input read as what the peers of a {@link DrivenLoop} do. The first byte picks the limits,
 * the second how much each of four peers reads before it stalls; then each step is an op byte
 * (low two bits: which peer; the rest: what it does) and, for a send, a length byte and that many
 * bytes, sent as one read. After each step the loop runs the end of its pass.
 *
 * <p>A run is at most {@value #MAX_STEPS} steps, the rest of the input ignored, so that each run
 * stays short whatever the fuzzer's inputs grow to. Of the 64 kinds of step, 48 send bytes, so that random input is mostly bytes for the dialect;
 * the rest let the peer read 64 to 16 KiB more, close its side, go idle, or see a shutdown.
 */
public final class PeerScript {
    public static final int PEERS = 4;
    public static final int MAX_STEPS = 64;

    private static final int[] MAX_LINE = {64, 100, 512, 4096};
    private static final long[] MAX_OUTBOUND = {1 << 20, 2048, 300, 64 << 10};
    private static final long[] PEER_READS = {Long.MAX_VALUE, 0, 100, 1000};

    private final byte[] input;
    private final Limits limits;
    private final InputLimits inputLimits;
    private final long[] peerReads = new long[PEERS];
    private int at;
    private int steps;

    public PeerScript(byte[] input) {
        this.input = input;
        int choice = next();
        long hard = MAX_OUTBOUND[(choice >> 2) & 3];
        this.limits = new Limits(Limits.DEFAULTS.maxConnections(), 0, hard,
                (choice & 0x40) != 0 ? 4096 : Limits.DEFAULTS.maxClientMemory(),
                (choice & 0x10) != 0 ? hard / 2 : 0, 0, 0, 0);
        this.inputLimits = new InputLimits(MAX_LINE[choice & 3], (choice & 0x20) != 0 ? 10 : 0, 5,
                InputLimits.DEFAULTS.floodTimeoutSeconds());
        int reads = next();
        for (int i = 0; i < PEERS; i++) {
            peerReads[i] = PEER_READS[(reads >> (2 * i)) & 3];
        }
    }

    public Limits limits() {
        return limits;
    }

    /** The line length and flood budget the script picked. */
    public InputLimits inputLimits() {
        return inputLimits;
    }

    /** The default session options but for the script's {@link #inputLimits}, for chat dialects. */
    public SessionOptions session() {
        return new SessionOptions(SessionOptions.DEFAULTS.password(), SessionOptions.DEFAULTS.partialTimeoutSeconds(),
                inputLimits);
    }

    /** How many bytes peer {@code i} reads before it stalls. */
    public long peerReads(int i) {
        return peerReads[i];
    }

    public boolean hasNext() {
        return at < input.length && steps < MAX_STEPS;
    }

    /** What a peer does in one step. */
    public enum Kind { SEND, READ, EOF, IDLE, SHUTDOWN }

    /** One step: peer {@code peer} did {@code kind}, sending {@code bytes} if it sent any. */
    public record Step(int peer, Kind kind, byte[] bytes) {
    }

    /** Plays one step on {@code loop}'s peers, then ends the pass. */
    public Step step(DrivenLoop loop) {
        List<DrivenLoop.Peer> peers = loop.peers();
        steps++;
        int op = next();
        int index = (op & 3) % peers.size();
        DrivenLoop.Peer peer = peers.get(index);
        int kind = op >> 2;
        Step step;
        if (kind < 48) {
            int length = next();
            int end = Math.min(input.length, at + length);
            step = new Step(index, Kind.SEND, Arrays.copyOfRange(input, at, end));
            at = end;
            peer.send(step.bytes());
        } else if (kind < 56) {
            step = new Step(index, Kind.READ, null);
            peer.read(64L << (kind - 48));
        } else if (kind < 60) {
            step = new Step(index, Kind.EOF, null);
            peer.sendEof();
        } else if (kind < 62) {
            step = new Step(index, Kind.IDLE, null);
            peer.idle();
        } else {
            step = new Step(index, Kind.SHUTDOWN, null);
            peer.shutdown();
        }
        loop.pass();
        return step;
    }

    /**
     * Plays every step, checking after each one, then {@link #finish}es and checks again; the
     * chat's users and rooms must agree before and after the finish.
     */
    public void playInChat(DrivenLoop loop, Chat chat, Runnable check) {
        while (hasNext()) {
            step(loop);
            check.run();
        }
        ChatChecks.assertConsistent(chat);
        finish(loop);
        check.run();
        ChatChecks.assertConsistent(chat);
    }

    /**
     * Every peer closes its side and reads all it is sent: write- and read-ready again and again
     * while any connection still writes (one write takes at most 64 buffers or 64 KiB) or reads
     * (one lingering after its last word drops what its peer sent, then sees the end of stream).
     * A peer whose reads are paused by flood control stays open, as it would until its pause ends.
     */
    public static void finish(DrivenLoop loop) {
        for (DrivenLoop.Peer peer : loop.peers()) {
            peer.sendEof();
            loop.pass();
        }
        boolean writing = true;
        while (writing) {
            writing = false;
            for (DrivenLoop.Peer peer : loop.peers()) {
                writing |= peer.read(Long.MAX_VALUE) > 0;
                writing |= peer.readable();
            }
            loop.pass();
        }
    }

    private int next() {
        return at < input.length ? input[at++] & 0xff : 0;
    }
}
