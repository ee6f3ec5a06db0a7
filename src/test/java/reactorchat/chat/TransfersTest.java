package reactorchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactorchat.chat.Transfers.ChunkResult;
import reactorchat.chat.Transfers.OfferResult;

class TransfersTest {
    private static final String HASH = "ab".repeat(32);

    /** Records offers and transfer changes as short text. */
    private static final class Party implements Recipient {
        final boolean receivesFiles;
        final List<String> heard = new ArrayList<>();

        Party(boolean receivesFiles) {
            this.receivesFiles = receivesFiles;
        }

        @Override
        public void receive(ChatEvent event, SharedEncoding shared) {
            if (event instanceof ChatEvent.FileOffered offer) {
                heard.add("offer " + offer.transfer().id() + " from " + offer.user().nick());
            }
        }

        @Override
        public boolean receivesFiles() {
            return receivesFiles;
        }

        @Override
        public void transferChanged(Transfer transfer, Transfer.Change change, String reason) {
            heard.add(change + " " + transfer.id() + (reason.isEmpty() ? "" : " " + reason));
        }

        List<String> take() {
            List<String> all = List.copyOf(heard);
            heard.clear();
            return all;
        }
    }

    private Chat chat;
    private Transfers transfers;
    private final Party alicePart = new Party(true);
    private final Party bobPart = new Party(true);
    private User alice;
    private User bob;

    @BeforeEach
    void setUp() {
        chat = new Chat(Clock.systemUTC());
        transfers = chat.transfers();
        transfers.setLimits(new Transfers.Limits(1000, 2));
        alice = chat.connect(alicePart, "h", "alice", "a", "").orElseThrow();
        bob = chat.connect(bobPart, "h", "bob", "b", "").orElseThrow();
    }

    private Transfer offer(long size) {
        Transfers.Offer offer = transfers.offer(alice, "BOB", "report.pdf", size, HASH);
        assertThat(offer.result()).isEqualTo(OfferResult.OFFERED);
        bobPart.take();
        return offer.transfer();
    }

    @Test
    void anOfferAcceptedAndSentInChunksCompletes() {
        Transfers.Offer offer = transfers.offer(alice, "BOB", "report.pdf", 10, HASH);
        Transfer transfer = offer.transfer();
        assertThat(bobPart.take()).containsExactly("offer " + transfer.id() + " from alice");
        assertThat(transfers.accept(bob, transfer.id())).isEqualTo(Transfers.Answer.DONE);
        assertThat(alicePart.take()).containsExactly("ACCEPTED " + transfer.id());
        assertThat(bobPart.take()).containsExactly("ACCEPTED " + transfer.id());

        assertThat(transfers.chunk(alice, transfer.id(), 6)).isEqualTo(ChunkResult.RELAY);
        assertThat(transfers.chunk(alice, transfer.id(), 4)).isEqualTo(ChunkResult.RELAY_LAST);
        transfers.complete(transfer);
        assertThat(alicePart.take()).containsExactly("COMPLETED " + transfer.id());
        assertThat(bobPart.take()).containsExactly("COMPLETED " + transfer.id());
        assertThat(transfers.active()).isZero();
        assertThat(transfers.of(alice)).isEmpty();
        assertThat(transfers.completed()).isOne();
        assertThat(transfers.bytesRelayed()).isEqualTo(10);
    }

    @Test
    void anEmptyFileIsCompleteOnceAccepted() {
        Transfer transfer = offer(0);
        transfers.accept(bob, transfer.id());
        assertThat(alicePart.take()).containsExactly("ACCEPTED " + transfer.id(), "COMPLETED " + transfer.id());
    }

    @Test
    void onlyTheReceiverAcceptsOrDeclinesAndOnlyOnce() {
        Transfer transfer = offer(10);
        assertThat(transfers.accept(alice, transfer.id())).isEqualTo(Transfers.Answer.NO_SUCH_TRANSFER);
        assertThat(transfers.decline(alice, transfer.id(), "")).isEqualTo(Transfers.Answer.NO_SUCH_TRANSFER);
        assertThat(transfers.decline(bob, transfer.id(), "no room")).isEqualTo(Transfers.Answer.DONE);
        assertThat(alicePart.take()).containsExactly("DECLINED " + transfer.id() + " no room");
        assertThat(transfers.accept(bob, transfer.id())).isEqualTo(Transfers.Answer.NO_SUCH_TRANSFER);
        assertThat(transfers.active()).isZero();
    }

    @Test
    void eitherSideCancels() {
        Transfer first = offer(10);
        transfers.cancel(bob, first.id(), "no thanks");
        assertThat(alicePart.take()).containsExactly("CANCELLED " + first.id() + " cancelled by bob: no thanks");
        Transfer second = offer(10);
        transfers.accept(bob, second.id());
        alicePart.take();
        bobPart.take();
        transfers.cancel(alice, second.id(), "");
        assertThat(bobPart.take()).containsExactly("CANCELLED " + second.id() + " cancelled by alice");
        assertThat(transfers.cancel(alice, second.id(), "")).isEqualTo(Transfers.Answer.NO_SUCH_TRANSFER);
    }

    @Test
    void chunksThatBreakTheRulesEndTheTransferOrChangeNothing() {
        Transfer early = offer(10);
        assertThat(transfers.chunk(alice, early.id(), 1)).isEqualTo(ChunkResult.NOT_ACCEPTED);
        assertThat(bobPart.take()).containsExactly("CANCELLED " + early.id() + " chunk before the offer was accepted");

        Transfer big = offer(10);
        transfers.accept(bob, big.id());
        bobPart.take();
        assertThat(transfers.chunk(bob, big.id(), 1)).as("not the sender").isEqualTo(ChunkResult.NO_SUCH_TRANSFER);
        assertThat(transfers.chunk(alice, 999, 1)).isEqualTo(ChunkResult.NO_SUCH_TRANSFER);
        assertThat(transfers.get(big.id())).isSameAs(big);
        assertThat(transfers.chunk(alice, big.id(), 11)).isEqualTo(ChunkResult.TOO_MUCH_DATA);
        assertThat(bobPart.take()).containsExactly("CANCELLED " + big.id() + " too much data: more than the 10 bytes offered");
        assertThat(transfers.active()).isZero();
    }

    @Test
    void quittingEndsEveryTransferForTheOtherSideAndForgetsThem() {
        Transfer one = offer(10);
        Transfer two = transfers.offer(bob, "alice", "b.txt", 5, HASH).transfer();
        alicePart.take();
        chat.quit(bob, "bye");
        assertThat(alicePart.take()).containsExactly("CANCELLED " + one.id() + " bob left", "CANCELLED " + two.id() + " bob left");
        assertThat(bobPart.take()).isEmpty();
        assertThat(transfers.active()).isZero();
        assertThat(transfers.of(alice)).isEmpty();
        assertThat(transfers.of(bob)).isEmpty();
    }

    @Test
    void offersAreChecked() {
        assertThat(transfers.offer(alice, "nobody", "f", 1, HASH).result()).isEqualTo(OfferResult.NO_SUCH_NICK);
        assertThat(transfers.offer(alice, "alice", "f", 1, HASH).result()).isEqualTo(OfferResult.BAD_OFFER);
        assertThat(transfers.offer(alice, "bob", "../etc/passwd", 1, HASH).result()).isEqualTo(OfferResult.BAD_OFFER);
        assertThat(transfers.offer(alice, "bob", " ", 1, HASH).result()).isEqualTo(OfferResult.BAD_OFFER);
        assertThat(transfers.offer(alice, "bob", "f", -1, HASH).result()).isEqualTo(OfferResult.BAD_OFFER);
        assertThat(transfers.offer(alice, "bob", "f", 1, "abc").result()).isEqualTo(OfferResult.BAD_OFFER);
        assertThat(transfers.offer(alice, "bob", "f", 1001, HASH).result()).isEqualTo(OfferResult.FILE_TOO_LARGE);
        assertThat(transfers.offer(alice, "bob", "f", 1000, HASH).result()).isEqualTo(OfferResult.OFFERED);
        assertThat(transfers.offer(alice, "bob", "f", 1000, HASH).result()).isEqualTo(OfferResult.OFFERED);
        assertThat(transfers.offer(alice, "bob", "f", 1000, HASH).result()).isEqualTo(OfferResult.TOO_MANY_TRANSFERS);
        User carol = chat.connect(new Party(true), "h", "carol", "c", "").orElseThrow();
        assertThat(transfers.offer(carol, "bob", "f", 1, HASH).result()).as("bob has two").isEqualTo(OfferResult.TOO_MANY_TRANSFERS);
    }

    @Test
    void anOfferToSomeoneWhoCannotReceiveFilesIsCancelledAtOnce() {
        Party linePart = new Party(false);
        chat.connect(linePart, "h", "carol", "c", "").orElseThrow();
        Transfer transfer = transfers.offer(alice, "carol", "f", 1, HASH).transfer();
        assertThat(linePart.heard).containsExactly("offer " + transfer.id() + " from alice");
        transfers.refuseIfUnable(transfer);
        assertThat(alicePart.take()).containsExactly("CANCELLED " + transfer.id() + " carol cannot receive files");
        assertThat(transfers.active()).isZero();
    }

    @Test
    void sizesReadAsPeopleSayThem() {
        assertThat(new Transfer(1, alice, bob, "f", 1, HASH).humanSize()).isEqualTo("1 byte");
        assertThat(new Transfer(1, alice, bob, "f", 999, HASH).humanSize()).isEqualTo("999 bytes");
        assertThat(new Transfer(1, alice, bob, "f", 1_234_567, HASH).humanSize()).isEqualTo("1.2 MB");
        assertThat(new Transfer(1, alice, bob, "f", 1L << 30, HASH).humanSize()).isEqualTo("1.1 GB");
    }

    @Test
    void aNameIsLimitedIn255CharactersNotInUtf16Units() {
        String emoji = "\uD83D\uDE00";
        assertThat(transfers.offer(alice, "bob", emoji.repeat(255), 1, HASH).result()).isEqualTo(OfferResult.OFFERED);
        assertThat(transfers.offer(alice, "bob", emoji.repeat(256), 1, HASH).result()).isEqualTo(OfferResult.BAD_OFFER);
    }
}
