package reactorchat.protocol;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import reactorchat.codec.Decoder;

/**
 * A chat connection's input, decoded and paced, whatever its framing. Two things stop it, apart
 * from each other. Flood control: each message the session {@link #charge charges} counts
 * against the connection's {@link FloodBudget}, and past it reading pauses for a while. Back-
 * pressure: while a receiver of this user's file is not keeping up, reading is {@link #suspend
 * suspended} until the receiver drains. Either way the decoder holds the rest of the read it was in
 * (charged to the connection's memory budget), the flooder's further bytes wait in the kernel and
 * TCP slows it, and reading starts again only when neither holds it.
 *
 * <p>An unfinished message has a deadline: a line without its newline, or a frame started and
 * not finished, for longer than {@link SessionOptions#partialTimeoutSeconds} (time spent paused
 * by the server not counted) ends the session ({@link ChatSession.Ending#UNFINISHED}). One timer
 * per unfinished message at most, checked lazily: no timer is touched per read.
 *
 * @param <S> the sink the decoder hands messages to: the session
 */
public final class PacedInput<S extends Decoder.Sink> {
    /**
     * Messages one connection has handled in one loop pass at most, whatever its flood budget
     * allows (as ngircd reads a few commands per client per pass): with a large budget, one read
     * of 64 KiB of short commands would otherwise keep everyone else waiting for the whole pass.
     * The rest of the read is held and handled in the passes after.
     */
    static final int MESSAGES_PER_PASS = 16;

    /** The decoder's sink and the owner of the connection: one field for both, as every connection has one. */
    private final ChatSession<S> session;
    private final Decoder<S> decoder;
    private final FloodBudget budget;
    private final long partialTimeoutNanos;
    private boolean floodPaused;
    private boolean suspended;
    /** The server is stopping: what is held is handled at once, flood control or not. */
    private boolean stopping;
    /** When the unfinished message now held began to wait on the client; 0 while none is held. */
    private long partialSince;
    /** The decoder's count of ended messages when {@link #partialSince} was stamped. */
    private long endedAtStamp;
    private boolean partialCheckScheduled;
    /** Messages charged since reading or resuming last: see {@link #MESSAGES_PER_PASS}. */
    private int chargedInPass;

    PacedInput(ChatSession<S> session, Decoder<S> decoder, SessionOptions options) {
        this.session = session;
        this.decoder = decoder;
        this.budget = new FloodBudget(session.connection, options.input());
        this.partialTimeoutNanos = TimeUnit.SECONDS.toNanos(options.partialTimeoutSeconds());
    }

    @SuppressWarnings("unchecked") // every dialect's session is its own decoder's sink
    private S sink() {
        return (S) session;
    }

    /** Decodes bytes read from the connection; the sink hears each message. */
    public void decode(ByteBuffer in) {
        chargedInPass = 0;
        decoder.decode(in, sink());
        notePartial();
    }

    /**
     * Counts one message, costing {@code units} lines ({@link CommandCost}), against the flood
     * budget; call it from the sink for each message it handles, bad ones included (a file's
     * chunks are paced by their receiver instead). Whatever its cost, it is one message of
     * {@link #MESSAGES_PER_PASS}.
     *
     * @return false if the connection has been over its budget for longer than --flood-timeout:
     *         the message is not to be handled, nothing more will be decoded, and the session
     *         must tell its client why and close
     */
    public boolean charge(int units) {
        if (stopping) {
            return true;
        }
        long pause = budget.charge(units);
        if (pause == FloodBudget.CUT) {
            decoder.pause();
            return false;
        }
        if (pause == 0 && ++chargedInPass < MESSAGES_PER_PASS) {
            return true;
        }
        decoder.pause();
        floodPaused = true;
        session.connection.reads().pause(pause, this::floodPauseOver); // 0: the others' turn, then the next pass
        return true;
    }

    /**
     * The server is stopping: hands the sink every whole message already read and held by a flood
     * pause, at once, so that what a client sent is handled rather than dropped silently.
     */
    public void handleHeld() {
        stopping = true;
        if (decoder.hasPartial()) {
            decoder.resume(sink());
        }
    }

    /** Stops after the message being handled until {@link #resume}: a receiver is not keeping up. */
    public void suspend() {
        suspended = true;
        decoder.pause();
        session.connection.reads().suspend();
    }

    /** Ends a {@link #suspend}: the held messages are handled (unless a flood pause still runs), then reading goes on. */
    public void resume() {
        if (!suspended) {
            return;
        }
        suspended = false;
        session.connection.reads().resume();
        if (!floodPaused) {
            resumeDecoder();
        }
    }

    private void floodPauseOver() {
        floodPaused = false;
        if (!suspended) {
            resumeDecoder();
        }
    }

    private void resumeDecoder() {
        chargedInPass = 0;
        budget.resume(() -> decoder.resume(sink()));
        partialSince = 0; // the client is not to blame for the time the server held its input
        notePartial();
    }

    /** Stamps the start of an unfinished message, and makes sure a check will come. */
    private void notePartial() {
        if (partialTimeoutNanos == 0 || !decoder.hasPartial()) {
            partialSince = 0;
            return;
        }
        if (partialSince == 0 || decoder.ended() != endedAtStamp) {
            partialSince = System.nanoTime();
            endedAtStamp = decoder.ended();
            if (!partialCheckScheduled) {
                scheduleCheck(partialTimeoutNanos);
            }
        }
    }

    private void scheduleCheck(long nanos) {
        partialCheckScheduled = true;
        session.connection.timers().schedule(TimeUnit.NANOSECONDS.toMillis(nanos) + 1, this::checkPartial);
    }

    /**
     * Cuts a message unfinished for longer than the deadline. Not while the server itself holds
     * the input (paused or suspended): then the deadline starts again when it lets go.
     */
    private void checkPartial() {
        partialCheckScheduled = false;
        if (partialSince == 0) {
            return;
        }
        long waited = System.nanoTime() - partialSince;
        if (floodPaused || suspended || waited < partialTimeoutNanos) {
            scheduleCheck(floodPaused || suspended ? partialTimeoutNanos : partialTimeoutNanos - waited);
            return;
        }
        session.end(ChatSession.Ending.UNFINISHED);
    }
}
