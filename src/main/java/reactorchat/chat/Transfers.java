package reactorchat.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import reactorchat.codec.Text;

/**
 * The file transfers under way: offer, accept or decline, chunks counted up to the offered size,
 * cancel, and the end of every transfer a user is part of when they quit. Both parties are told
 * of each change ({@link Recipient#transferChanged}); an ended transfer is forgotten at once, so
 * nothing of it outlives it. Only users whose dialect {@link Recipient#receivesFiles receives
 * files} can take part past the offer.
 */
public final class Transfers {
    /** The outcome of an offer. */
    public enum OfferResult { OFFERED, NO_SUCH_NICK, BAD_OFFER, FILE_TOO_LARGE, TOO_MANY_TRANSFERS }

    /** The outcome of an offer, and the transfer it made (null unless OFFERED). */
    public record Offer(OfferResult result, Transfer transfer, String why) {
    }

    /** The outcome of accepting, declining or cancelling. */
    public enum Answer { DONE, NO_SUCH_TRANSFER }

    /** What to do with a chunk. */
    public enum ChunkResult {
        /** Relay it to the receiver. */
        RELAY,
        /** Relay it; it was the last, and both parties have been told the transfer is complete. */
        RELAY_LAST,
        /** The sender has no transfer by that id: nothing changes. */
        NO_SUCH_TRANSFER,
        /** Not accepted yet: the transfer is cancelled. */
        NOT_ACCEPTED,
        /** Past the offered size: the transfer is cancelled. */
        TOO_MUCH_DATA
    }

    /**
     * @param maxFileBytes the largest file that may be offered (--max-file)
     * @param maxPerUser   transfers a user may be part of at once, sending or receiving; an offer
     *                     from a user past it is refused
     * @param maxIncoming  offers a user may have coming in at once, from everyone; an offer to a
     *                     user past it is refused. Each sender's share of it is at most
     *                     {@code maxPerUser}, its own cap: with {@code maxIncoming} above that, no
     *                     single sender can fill a receiver's slots for everyone else
     */
    public record Limits(long maxFileBytes, int maxPerUser, int maxIncoming) {
        /** Eight per user: a few files at once, and a spammer cannot pin much of anyone. */
        public static final int DEFAULT_PER_USER = 8;
        /** Files of up to 1 GiB, 8 transfers per user, 16 coming in: one sender fills at most half. */
        public static final Limits DEFAULTS = new Limits(1L << 30, DEFAULT_PER_USER, 2 * DEFAULT_PER_USER);

        public Limits {
            if (maxFileBytes < 0 || maxPerUser < 1 || maxIncoming < maxPerUser) {
                throw new IllegalArgumentException("max-file must be 0 or more, transfers per user 1 or more,"
                        + " and incoming transfers per user at least as many");
            }
        }

        /** As many coming in as a user may have under way: one sender may fill a receiver. */
        public Limits(long maxFileBytes, int maxPerUser) {
            this(maxFileBytes, maxPerUser, maxPerUser);
        }

        /** These limits with another largest file. */
        public Limits withMaxFile(long bytes) {
            return new Limits(bytes, maxPerUser, maxIncoming);
        }
    }

    private final Users users;
    private final Delivery delivery;
    private final Map<Long, Transfer> byId = new HashMap<>();
    private final Map<User, List<Transfer>> byUser = new HashMap<>();
    private Limits limits;
    /** What each transfer is charged to while it lasts. */
    private final ChatTotals totals;
    private long lastId;
    private long completed;
    private long cancelled;
    private long bytesRelayed;

    Transfers(Users users, Delivery delivery, ChatTotals totals, Limits limits) {
        this.users = users;
        this.delivery = delivery;
        this.totals = totals;
        this.limits = limits;
    }

    /** Limits for offers made from now on. */
    public void setLimits(Limits limits) {
        this.limits = limits;
    }

    /**
     * {@code from} offers a file to {@code toNick}, who is told ({@link ChatEvent.FileOffered}).
     * An offer to someone whose dialect cannot receive files is cancelled at once, after they are
     * told, so that the sender need not wait for an answer that cannot come.
     */
    public Offer offer(User from, String toNick, String offeredName, long size, String sha256) {
        String fileName = Text.name(offeredName);
        User to = users.get(toNick);
        if (to == null) {
            return new Offer(OfferResult.NO_SUCH_NICK, null, "no such nick: " + Text.echo(toNick));
        }
        String bad = Transfer.badOffer(from, to, fileName, size, sha256);
        if (bad != null) {
            return new Offer(OfferResult.BAD_OFFER, null, bad);
        }
        if (size > limits.maxFileBytes()) {
            return new Offer(OfferResult.FILE_TOO_LARGE, null, "files may be at most " + limits.maxFileBytes() + " bytes");
        }
        if (count(from) >= limits.maxPerUser()) {
            return new Offer(OfferResult.TOO_MANY_TRANSFERS, null, "you have " + limits.maxPerUser()
                    + " transfers under way already");
        }
        if (incoming(to) >= limits.maxIncoming()) {
            return new Offer(OfferResult.TOO_MANY_TRANSFERS, null, to.nick() + " has " + limits.maxIncoming()
                    + " transfers coming in already");
        }
        if (!totals.tryTransfer(fileName)) {
            return new Offer(OfferResult.TOO_MANY_TRANSFERS, null, "the server holds as many transfers as it may");
        }
        Transfer transfer = new Transfer(++lastId, from, to, fileName, size, sha256.toLowerCase(java.util.Locale.ROOT));
        byId.put(transfer.id(), transfer);
        byUser.computeIfAbsent(from, u -> new ArrayList<>(1)).add(transfer);
        byUser.computeIfAbsent(to, u -> new ArrayList<>(1)).add(transfer);
        delivery.to(to, new ChatEvent.FileOffered(from, to, transfer));
        return new Offer(OfferResult.OFFERED, transfer, "");
    }

    /**
     * Ends an offer that {@link #offer} just made to someone who cannot receive files; the sender
     * is told. Separate from {@code offer} so the sender's dialect can first confirm the offer.
     */
    public void refuseIfUnable(Transfer transfer) {
        if (byId.get(transfer.id()) == transfer && !transfer.receiver().recipient().receivesFiles()) {
            end(transfer, Transfer.Change.CANCELLED, transfer.receiver().nick() + " cannot receive files", null);
        }
    }

    /** The receiver accepts: both are told, and the sender may send chunks. */
    public Answer accept(User by, long id) {
        Transfer transfer = byId.get(id);
        if (transfer == null || transfer.receiver() != by || transfer.state() != Transfer.State.OFFERED) {
            return Answer.NO_SUCH_TRANSFER;
        }
        transfer.accepted();
        tellBoth(transfer, Transfer.Change.ACCEPTED, "");
        if (transfer.size() == 0) {
            end(transfer, Transfer.Change.COMPLETED, "", null);
        }
        return Answer.DONE;
    }

    /** The receiver turns the offer down, saying why or not ({@code reason} may be empty): both are told, and the transfer ends. */
    public Answer decline(User by, long id, String reason) {
        Transfer transfer = byId.get(id);
        if (transfer == null || transfer.receiver() != by || transfer.state() != Transfer.State.OFFERED) {
            return Answer.NO_SUCH_TRANSFER;
        }
        end(transfer, Transfer.Change.DECLINED, Text.isolated(reason), null);
        return Answer.DONE;
    }

    /** Either party ends the transfer: both are told {@code cancelled by NICK: reason}. */
    public Answer cancel(User by, long id, String reason) {
        Transfer transfer = byId.get(id);
        if (transfer == null || !transfer.involves(by)) {
            return Answer.NO_SUCH_TRANSFER;
        }
        end(transfer, Transfer.Change.CANCELLED,
                "cancelled by " + by.nick() + (reason.isEmpty() ? "" : ": " + Text.isolated(reason)), null);
        return Answer.DONE;
    }

    /**
     * The sender sends {@code bytes} more of the file. Unless the answer is RELAY or RELAY_LAST
     * the caller relays nothing; a chunk that breaks the rules of a transfer cancels it.
     */
    public ChunkResult chunk(User from, long id, int bytes) {
        Transfer transfer = byId.get(id);
        if (transfer == null || transfer.sender() != from) {
            return ChunkResult.NO_SUCH_TRANSFER;
        }
        if (transfer.state() != Transfer.State.ACCEPTED) {
            end(transfer, Transfer.Change.CANCELLED, "chunk before the offer was accepted", null);
            return ChunkResult.NOT_ACCEPTED;
        }
        if (bytes > transfer.size() - transfer.relayed()) {
            end(transfer, Transfer.Change.CANCELLED, "too much data: more than the " + transfer.size()
                    + " bytes offered", null);
            return ChunkResult.TOO_MUCH_DATA;
        }
        transfer.relayed(bytes);
        bytesRelayed += bytes;
        return transfer.relayed() == transfer.size() ? ChunkResult.RELAY_LAST : ChunkResult.RELAY;
    }

    /** After the last chunk has been relayed: both are told the transfer is complete. */
    public void complete(Transfer transfer) {
        if (byId.get(transfer.id()) == transfer && transfer.relayed() == transfer.size()) {
            end(transfer, Transfer.Change.COMPLETED, "", null);
        }
    }

    /** A live transfer by id, for its parties' dialects; null if none. */
    public Transfer get(long id) {
        return byId.get(id);
    }

    /** The live transfers {@code user} is part of; a copy. */
    public List<Transfer> of(User user) {
        List<Transfer> list = byUser.get(user);
        return list == null ? List.of() : List.copyOf(list);
    }

    /** Transfers under way. */
    public int active() {
        return byId.size();
    }

    public long completed() {
        return completed;
    }

    /** Transfers that ended without completing: declined or cancelled. */
    public long cancelled() {
        return cancelled;
    }

    /** File bytes relayed since the chat began. */
    public long bytesRelayed() {
        return bytesRelayed;
    }

    /** {@code user} is leaving the chat: each of their transfers ends, and the other party is told. */
    void userQuit(User user) {
        for (Transfer transfer : of(user)) {
            end(transfer, Transfer.Change.CANCELLED, user.nick() + " left", user);
        }
    }

    /** Forgets the transfer and tells both parties, but {@code gone}, who is leaving. */
    private void end(Transfer transfer, Transfer.Change change, String reason, User gone) {
        byId.remove(transfer.id());
        totals.transferGone(transfer.fileName());
        forget(transfer.sender(), transfer);
        forget(transfer.receiver(), transfer);
        if (change == Transfer.Change.COMPLETED) {
            completed++;
        } else {
            cancelled++;
        }
        tellBoth(transfer, change, reason, gone);
    }

    private void tellBoth(Transfer transfer, Transfer.Change change, String reason) {
        tellBoth(transfer, change, reason, null);
    }

    private static void tellBoth(Transfer transfer, Transfer.Change change, String reason, User gone) {
        for (User party : List.of(transfer.sender(), transfer.receiver())) {
            if (party != gone) {
                party.recipient().transferChanged(transfer, change, reason);
            }
        }
    }

    private void forget(User user, Transfer transfer) {
        List<Transfer> list = byUser.get(user);
        if (list != null && list.remove(transfer) && list.isEmpty()) {
            byUser.remove(user);
        }
    }

    private int count(User user) {
        List<Transfer> list = byUser.get(user);
        return list == null ? 0 : list.size();
    }

    private int incoming(User user) {
        int incoming = 0;
        for (Transfer transfer : byUser.getOrDefault(user, List.of())) {
            incoming += transfer.receiver() == user ? 1 : 0;
        }
        return incoming;
    }
}
