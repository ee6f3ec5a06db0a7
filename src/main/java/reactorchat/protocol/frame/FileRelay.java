package reactorchat.protocol.frame;

import java.nio.ByteBuffer;
import java.util.List;

import reactorchat.chat.Transfer;
import reactorchat.chat.Transfers;
import reactorchat.chat.User;
import reactorchat.codec.Frame;
import reactorchat.codec.Text;
import reactorchat.codec.ToClient;

/**
 * One frame user's side of file transfers: the transfer commands, the relay of chunks to the
 * receiver, and back-pressure. A chunk's body is queued on the receiver as the decoder handed it
 * over (copied out of the read buffer once, never again); when that puts the receiver's queue
 * above its high water mark, the sender's reads are suspended until the receiver drains below the
 * low one, so the server holds at most about the high mark and a frame per transfer.
 */
final class FileRelay {
    private final FrameSession session;
    private final Transfers transfers;
    private final User user;
    /** The receiver whose queue this user's reads wait on; null while reading freely. */
    private FileRelay waitingFor;

    FileRelay(FrameSession session, Transfers transfers, User user) {
        this.session = session;
        this.transfers = transfers;
        this.user = user;
    }

    void offer(Frame frame) {
        String nick = frame.field(0);
        long size = size(frame.field(2));
        if (size < 0) {
            session.error("bad-offer", "the size must be a decimal number of bytes", "OFFER");
            return;
        }
        Transfers.Offer offer = transfers.offer(user, nick, Text.clean(frame.field(1)), size,
                frame.field(3));
        switch (offer.result()) {
            case OFFERED -> {
                Transfer transfer = offer.transfer();
                session.send(FrameFormat.frame(ToClient.OFFERED, Long.toString(transfer.id()), transfer.receiver().nick(),
                        transfer.fileName(), Long.toString(transfer.size())));
                transfers.refuseIfUnable(transfer);
            }
            case NO_SUCH_NICK -> session.error("no-such-nick", offer.why(), "OFFER");
            case BAD_OFFER -> session.error("bad-offer", offer.why(), "OFFER");
            case FILE_TOO_LARGE -> session.error("file-too-large", offer.why(), "OFFER");
            case TOO_MANY_TRANSFERS -> session.error("too-many-transfers", offer.why(), "OFFER");
        }
    }

    void accept(Frame frame) {
        if (transfers.accept(user, number(frame.field(0))) != Transfers.Answer.DONE) {
            noSuchTransfer(frame, "ACCEPT");
        }
    }

    void decline(Frame frame) {
        if (transfers.decline(user, number(frame.field(0)), Text.clean(frame.field(1))) != Transfers.Answer.DONE) {
            noSuchTransfer(frame, "DECLINE");
        }
    }

    void cancel(Frame frame) {
        String reason = Text.clean(frame.field(1));
        if (transfers.cancel(user, number(frame.field(0)), reason) != Transfers.Answer.DONE) {
            noSuchTransfer(frame, "CANCEL");
        }
    }

    void chunk(Frame frame) {
        long id = number(frame.field(0));
        Transfer transfer = transfers.get(id);
        ByteBuffer body = frame.body();
        switch (transfers.chunk(user, id, body.remaining())) {
            case RELAY -> relay(transfer, body);
            case RELAY_LAST -> {
                relay(transfer, body);
                transfers.complete(transfer);
            }
            case NO_SUCH_TRANSFER -> {
                session.input().charge(1); // not relayed, so not paced by anyone's water marks
                noSuchTransfer(frame, "CHUNK");
            }
            case NOT_ACCEPTED -> {
                session.input().charge(1);
                session.error("not-accepted", "transfer " + id + " has not been accepted; it is cancelled", "CHUNK");
            }
            case TOO_MUCH_DATA -> {
                session.input().charge(1);
                session.error("too-much-data", "more bytes than offered for transfer " + id + "; it is cancelled",
                        "CHUNK");
            }
        }
    }

    /** Queues the chunk on the receiver; past its high water mark, this user's reads wait for it. */
    private void relay(Transfer transfer, ByteBuffer body) {
        FrameSession receiver = (FrameSession) transfer.receiver().recipient(); // only frame users get this far
        receiver.files().deliver(transfer, body);
        if (!receiver.connection().isWritable() && waitingFor == null) {
            waitingFor = receiver.files();
            session.input().suspend();
        }
    }

    /** Sends a chunk of an incoming file: a fresh header, then the body as it is. */
    private void deliver(Transfer transfer, ByteBuffer body) {
        session.send(Frame.encodeHeader(ToClient.CHUNK.code, List.of(Long.toString(transfer.id())), body.remaining()));
        session.send(body);
    }

    /** A transfer this user is part of changed: the client is told, and a sender waiting on it is freed. */
    void changed(Transfer transfer, Transfer.Change change, String reason) {
        String id = Long.toString(transfer.id());
        session.send(switch (change) {
            case ACCEPTED -> FrameFormat.frame(ToClient.ACCEPTED, id);
            case DECLINED -> FrameFormat.frame(ToClient.DECLINED, id, reason);
            case CANCELLED -> FrameFormat.frame(ToClient.CANCELLED, id, reason);
            case COMPLETED -> FrameFormat.frame(ToClient.COMPLETE, id);
        });
        if (change != Transfer.Change.ACCEPTED && waitingFor != null && waitingFor.user == transfer.receiver()) {
            release();
        }
    }

    /** This user's queue fell below the low water mark: the senders waiting on it read again. */
    void receiverDrained() {
        for (Transfer transfer : transfers.of(user)) {
            if (transfer.receiver() == user) {
                FileRelay sender = ((FrameSession) transfer.sender().recipient()).files();
                if (sender.waitingFor == this) {
                    sender.release();
                }
            }
        }
    }

    private void release() {
        waitingFor = null;
        session.input().resume();
    }

    private void noSuchTransfer(Frame frame, String answering) {
        session.error("no-such-transfer", "no transfer " + Text.echo(frame.field(0)) + " of yours", answering);
    }

    /**
     * An offered size: a decimal number of bytes, or -1 if it is not one. A number too big for a
     * long is still a number, and far over any --max-file: it is read as Long.MAX_VALUE, so that
     * the offer is refused as too large rather than as malformed.
     */
    private static long size(String text) {
        if (text.length() <= 18) {
            return number(text);
        }
        return text.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.MAX_VALUE : -1;
    }

    /** A decimal number of at most 18 digits (a transfer id), or -1. */
    private static long number(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }
}
