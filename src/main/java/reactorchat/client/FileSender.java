package reactorchat.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import reactorchat.codec.Frame;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;

/**
 * {@code client --send-file NICK PATH}: offers the file, waits for the answer, and sends it in
 * 64 KiB chunks, reading the next chunk from disk only once the last one has gone to the kernel,
 * so this side holds one chunk however slow the receiver is. Ends with the server's COMPLETE.
 */
final class FileSender extends TransferClient {
    static final int CHUNK_BYTES = 64 * 1024;

    private enum State { OFFERING, WAITING, SENDING, SENT, DONE }

    private final String peer;
    private final LocalFile file;
    private final Progress.Style style;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
    private State state = State.OFFERING;
    private String id;
    /** File bytes handed to the kernel, and queued for it. */
    private long sent;
    private long queued;
    private int status = Client.FAILED;
    private Progress progress;

    FileSender(String peer, LocalFile file, Progress.Style style, PrintStream out, PrintStream err) {
        super(out, err);
        this.peer = peer;
        this.file = file;
        this.style = style;
    }

    @Override
    int session(FrameLink link) throws IOException {
        try (FileChannel in = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            link.send(ToServer.OFFER.frame(peer, file.name(), Long.toString(file.size()), file.sha256()));
            while (state != State.DONE) {
                if (interrupted()) {
                    return cancel(link, "interrupted");
                }
                if (state == State.SENDING && link.flushed()) {
                    if (!nextChunk(in, link)) {
                        return cancel(link, "the file changed while it was sent");
                    }
                }
                boolean busy = state == State.SENDING && link.flushed();
                link.poll(busy ? 0 : TICK_MILLIS, this::onFrame);
                if (link.closedByServer() && state != State.DONE) {
                    return fail(Client.FAILED, "the server closed the connection" + (id == null ? "" : " during the transfer"));
                }
                long now = System.nanoTime();
                keepAlive(link, now);
                if (progress != null) {
                    progress.update(sent, now);
                }
            }
        }
        link.send(ToServer.QUIT.frame(""));
        link.flushAndClose(GOODBYE_MILLIS);
        return status;
    }

    /** Queues the next chunk, the last one having gone to the kernel; false if the file ended before its offered size. */
    private boolean nextChunk(FileChannel in, FrameLink link) throws IOException {
        sent = queued;
        if (queued == file.size()) {
            state = State.SENT;
            return true;
        }
        chunk.clear().limit((int) Math.min(CHUNK_BYTES, file.size() - queued));
        while (chunk.hasRemaining()) {
            if (in.read(chunk, queued + chunk.position()) < 0) {
                return false;
            }
        }
        queued += chunk.flip().remaining();
        link.sendChunk(id, chunk);
        return true;
    }

    private void onFrame(Frame frame) {
        ToClient type = ToClient.of(frame.type());
        String frameId = frame.field(0);
        if (type == ToClient.OFFERED && state == State.OFFERING) {
            id = frameId;
            state = State.WAITING;
            say("offered " + file.name() + " (" + Progress.bytes(file.size()) + ") to " + frame.field(1)
                    + "; waiting for them to accept");
        } else if (type == ToClient.ERROR && state == State.OFFERING && frame.field(2).equals("OFFER")) {
            end(Client.INCOMPLETE, "the server refused the offer: " + frame.field(1) + " (" + frame.field(0) + ")");
        } else if (id != null && frameId.equals(id) && type != null) {
            onTransferFrame(type, frame);
        } else {
            show(frame);
        }
    }

    private void onTransferFrame(ToClient type, Frame frame) {
        switch (type) {
            case ACCEPTED -> {
                if (state == State.WAITING) {
                    state = State.SENDING;
                    progress = new Progress(err, style, file.name(), file.size(), System.nanoTime());
                }
            }
            case DECLINED -> end(Client.INCOMPLETE, peer + " declined " + file.name()
                    + (frame.field(1).isEmpty() ? "" : ": " + frame.field(1)));
            case CANCELLED -> end(Client.INCOMPLETE, "the transfer was cancelled: " + frame.field(1));
            case COMPLETE -> {
                if (progress != null) {
                    progress.finish(file.size(), System.nanoTime());
                }
                progress = null;
                state = State.DONE;
                status = Client.OK;
                say("sent " + file.name() + " (" + Progress.bytes(file.size()) + ") to " + peer);
            }
            default -> show(frame);
        }
    }

    private void end(int exitStatus, String why) {
        if (progress != null) {
            progress.finish(sent, System.nanoTime());
            progress = null;
        }
        state = State.DONE;
        status = exitStatus;
        say("reactor-chat client: " + why);
    }

    private int cancel(FrameLink link, String reason) {
        if (progress != null) {
            progress.finish(sent, System.nanoTime());
        }
        if (id != null) {
            link.send(ToServer.CANCEL.frame(id, reason));
        }
        link.flushAndClose(GOODBYE_MILLIS);
        return fail(Client.INCOMPLETE, "cancelled " + file.name() + ": " + reason);
    }
}
