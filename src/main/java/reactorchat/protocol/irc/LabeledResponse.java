package reactorchat.protocol.irc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The answer to one command that came with a {@code label} tag (IRCv3 labeled-response): nothing
 * gets {@code ACK}, one line carries the label itself, more lines go in a {@code labeled-response}
 * batch. It holds at most the answer's first message, and only while the command runs (on the
 * loop, before the next line is read): a second one starts the batch, and everything after is
 * sent as it comes.
 */
final class LabeledResponse {
    private final IrcSession session;
    private final String label;
    private final String batch;
    private ByteBuffer first;
    private boolean batched;
    /** The answer has gone out whole, labeled. */
    private boolean done;

    LabeledResponse(IrcSession session, String label, String batch) {
        this.session = session;
        this.label = label;
        this.batch = batch;
    }

    /** One more message of the answer (several lines, for a long text cut in pieces). */
    void add(ByteBuffer bytes) {
        if (!batched && first == null && lines(bytes) == 1) {
            first = bytes;
            return;
        }
        startBatch();
        session.write(tagged(bytes, "batch=" + batch));
    }

    private void startBatch() {
        if (batched) {
            return;
        }
        batched = true;
        session.write(IrcFormat.bytes("@label=" + label + " :" + session.dialect.serverName + " BATCH +" + batch
                + " labeled-response"));
        if (first != null) {
            session.write(tagged(first, "batch=" + batch));
            first = null;
        }
    }

    /**
     * A batch of the command's own (CHATHISTORY's), whole: if it is all the answer, the label goes
     * on its first line; else it is nested in the labeled batch by its first line.
     */
    void addBatch(ByteBuffer bytes) {
        if (!batched && first == null) {
            session.write(taggedFirst(bytes, "label=" + label));
            done = true;
        } else {
            startBatch();
            session.write(taggedFirst(bytes, "batch=" + batch));
        }
    }

    /** The command is done: the label goes out on what was held, or on an ACK, or the batch ends. */
    void end() {
        if (done) {
            return;
        }
        if (batched) {
            session.write(IrcFormat.bytes(":" + session.dialect.serverName + " BATCH -" + batch));
        } else if (first != null) {
            session.write(tagged(first, "label=" + label));
        } else {
            session.write(IrcFormat.bytes("@label=" + label + " :" + session.dialect.serverName + " ACK"));
        }
    }

    /** A copy of {@code bytes} with {@code tag} added to the first line's tags only. */
    private static ByteBuffer taggedFirst(ByteBuffer bytes, String tag) {
        String text = StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
        return ByteBuffer.wrap(IrcFormat.withTag(text, tag).getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    private static int lines(ByteBuffer bytes) {
        int lines = 0;
        for (int i = bytes.position(); i < bytes.limit(); i++) {
            lines += bytes.get(i) == '\n' ? 1 : 0;
        }
        return lines;
    }

    /** A copy of {@code bytes} (whole lines) with {@code tag} added to each line's tags. */
    private static ByteBuffer tagged(ByteBuffer bytes, String tag) {
        String text = StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
        StringBuilder lines = new StringBuilder(text.length() + 32);
        for (String line : text.split("\r\n")) {
            lines.append(IrcFormat.withTag(line, tag)).append("\r\n");
        }
        return ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }
}
