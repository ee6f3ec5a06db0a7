package reactorchat.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import reactorchat.codec.Frame;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;

/**
 * {@code client --receive-files DIR}: accepts offers (from anyone, or only from the {@code --from}
 * nicks) one at a time, in the order they come; offers that come during a transfer wait their turn.
 * Each file is written to a new hidden temporary file in DIR while its SHA-256 is computed, and on
 * COMPLETE, if the hash matches, is given its (sanitized) name without replacing anything there:
 * a taken name gets a number. A disk error cancels the transfer. The saved file's path is printed
 * on stdout; everything else goes to stderr.
 */
final class FileReceiver extends TransferClient {
    /** Offers that may wait while a file comes in; more are declined. */
    private static final int MAX_WAITING_OFFERS = 16;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    /** A transfer that brings no byte for this long is cancelled: a sender gone quiet would hold us forever. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Path dir;
    private final List<String> from;
    private final boolean once;
    private final Progress.Style style;
    private final ArrayDeque<Frame> waiting = new ArrayDeque<>();
    private FrameLink link;
    private IncomingFile current;
    private boolean endedOne;
    private int status = Client.OK;
    /** {@link #STALL_NANOS}; shorter in tests. */
    long stallNanos = STALL_NANOS;

    FileReceiver(Path dir, List<String> from, boolean once, Progress.Style style, PrintStream out, PrintStream err) {
        super(out, err);
        this.dir = dir.toAbsolutePath().normalize();
        this.from = from;
        this.once = once;
        this.style = style;
    }

    @Override
    int session(FrameLink link) throws IOException {
        this.link = link;
        say("receiving files into " + dir + " as " + nick() + (from.isEmpty() ? "" : " from " + String.join(", ", from)));
        try {
            while (!(once && endedOne)) {
                if (interrupted()) {
                    return stop("receiver interrupted", Client.INCOMPLETE);
                }
                if (current == null && !waiting.isEmpty()) {
                    consider(waiting.poll());
                }
                link.poll(TransferClient.TICK_MILLIS, this::onFrame);
                if (link.closedByServer()) {
                    say("the server closed the connection");
                    return once && !endedOne ? Client.FAILED : current != null ? Client.INCOMPLETE : status;
                }
                long now = System.nanoTime();
                keepAlive(link, now);
                if (current != null) {
                    current.progress.update(current.received, now);
                    cancelIfStalled(now);
                }
            }
            link.send(ToServer.QUIT.frame(""));
            link.flushAndClose(GOODBYE_MILLIS);
            return status;
        } finally {
            if (current != null) {
                discard();
            }
        }
    }

    private int stop(String reason, int exitStatus) {
        boolean cut = current != null;
        if (cut) {
            link.send(ToServer.CANCEL.frame(current.id, reason));
            say("reactor-chat client: " + current.name + " from " + current.sender + " not saved: " + reason);
            discard();
        }
        link.flushAndClose(GOODBYE_MILLIS);
        return cut || status != Client.OK ? exitStatus : Client.OK;
    }

    private void onFrame(Frame frame) {
        ToClient type = ToClient.of(frame.type());
        String id = frame.field(0);
        boolean ours = current != null && id.equals(current.id);
        if (type == ToClient.OFFER) {
            if (current == null) {
                consider(frame);
            } else if (waiting.size() < MAX_WAITING_OFFERS) {
                say(frame.field(1) + " offers " + frame.field(2) + "; it waits for the file coming in");
                waiting.add(frame);
            } else {
                decline(frame, "too many offers waiting");
            }
        } else if (type == ToClient.CHUNK && ours) {
            write(frame.body());
        } else if (type == ToClient.COMPLETE && ours) {
            complete();
        } else if (type == ToClient.CANCELLED && ours) {
            fail("cancelled: " + frame.field(1));
        } else if (type == ToClient.CANCELLED) {
            waiting.removeIf(offer -> offer.field(0).equals(id)); // withdrawn before its turn
            say("transfer " + id + " cancelled: " + frame.field(1));
        } else if (type == ToClient.ERROR && current != null && frame.field(2).equals("ACCEPT")) {
            fail("the server did not take the accept: " + frame.field(1)); // e.g. the sender left meanwhile
        } else if (type != ToClient.ACCEPTED && type != ToClient.CHUNK) {
            show(frame); // a CHUNK that is not ours is the tail of a transfer this side cancelled
        }
    }

    /** Accepts an offer if it is from a wanted sender, makes sense and fits on the disk; else declines it. */
    private void consider(Frame offer) {
        String sender = offer.field(1);
        if (!from.isEmpty() && from.stream().noneMatch(sender::equalsIgnoreCase)) {
            decline(offer, "not from " + String.join(", ", from));
            return;
        }
        long size = size(offer.field(3));
        if (size < 0 || !SHA256.matcher(offer.field(4)).matches()) {
            decline(offer, "its size or SHA-256 is not valid");
            return;
        }
        String name = SafeName.of(offer.field(2));
        try {
            if (Files.getFileStore(dir).getUsableSpace() < size) {
                decline(offer, "only " + Progress.bytes(Files.getFileStore(dir).getUsableSpace()) + " free in " + dir);
                return;
            }
            current = IncomingFile.open(offer, name, size, dir, new Progress(err, style, name, size, System.nanoTime()));
        } catch (IOException e) {
            decline(offer, "cannot write to " + dir + ": " + Client.reason(e));
            return;
        }
        link.send(ToServer.ACCEPT.frame(current.id));
        say("receiving " + name + " (" + Progress.bytes(size) + ") from " + sender);
    }

    private void decline(Frame offer, String why) {
        link.send(ToServer.DECLINE.frame(offer.field(0), why));
        say("declined " + offer.field(2) + " from " + offer.field(1) + ": " + why);
    }

    private void cancelIfStalled(long now) {
        if (now - current.lastBytesNanos >= stallNanos) {
            cancel("stalled: nothing received for " + TimeUnit.NANOSECONDS.toSeconds(stallNanos) + " s");
        }
    }

    private void write(ByteBuffer body) {
        current.lastBytesNanos = System.nanoTime();
        if (!current.fits(body.remaining())) {
            cancel("more data than offered");
            return;
        }
        try {
            current.write(body);
        } catch (IOException e) {
            cancel("disk error: " + Client.reason(e));
        }
    }

    private void complete() {
        IncomingFile in = current;
        in.progress.finish(in.received, System.nanoTime());
        if (in.received != in.size) {
            fail("ended after " + in.received + " of " + in.size + " bytes");
            return;
        }
        if (!in.matchesOffer()) {
            fail("its SHA-256 does not match the offer");
            return;
        }
        try {
            Path saved = in.save();
            current = null;
            endedOne = true;
            out.println(saved);
            out.flush();
            say("saved " + saved.getFileName() + " (" + Progress.bytes(in.size) + ") from " + in.sender + ", SHA-256 checked");
        } catch (IOException e) {
            fail("cannot save it: " + Client.reason(e));
        }
    }

    /** Ends the current transfer from this side: CANCEL to the server, the partial file deleted. */
    private void cancel(String reason) {
        link.send(ToServer.CANCEL.frame(current.id, reason));
        fail(reason);
    }

    /** The current transfer is over without a file. */
    private void fail(String why) {
        current.progress.finish(current.received, System.nanoTime());
        say("reactor-chat client: " + current.name + " from " + current.sender + " not saved: " + why);
        discard();
        status = Client.INCOMPLETE;
        endedOne = true;
    }

    private void discard() {
        current.discard();
        current = null;
    }

    private static long size(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
