package reactorchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import reactorchat.reactor.MemoryBudget;
import reactorchat.testing.CountingBudget;

/** The chat's state in total: caps beside the per-user ones, and every byte of it charged to a budget and given back. */
class ChatTotalsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

    private static final Recipient NOBODY = (event, shared) -> { };

    private static User user(Chat chat, String nick) {
        return chat.connect(NOBODY, "h", nick, nick, "").orElseThrow();
    }

    /** Rooms r0 .. r(count - 1), each user in as many as one may be: owners.get(i / User.MAX_ROOMS) made room i. */
    private static List<User> createRooms(Chat chat, int count) {
        List<User> owners = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i % User.MAX_ROOMS == 0) {
                owners.add(user(chat, "owner" + owners.size()));
            }
            chat.join(owners.get(owners.size() - 1), "r" + i);
        }
        return owners;
    }

    @Test
    void roomsPastTheBudgetAreRefusedButNobodyIsLeftWithoutARoom() {
        CountingBudget budget = new CountingBudget(3 * ChatTotals.ROOM_BYTES + 2 * ChatTotals.MEMBERSHIP_BYTES);
        Chat chat = new Chat(CLOCK, budget);
        User alice = user(chat, "alice");
        User bob = user(chat, "bob");
        for (int i = 0; i < 3; i++) {
            assertThat(chat.join(alice, "r" + i)).isEqualTo(JoinResult.JOINED);
        }
        assertThat(chat.join(alice, "r3")).isEqualTo(JoinResult.TOO_MANY_ROOMS);
        assertThat(chat.room("r3")).isEmpty();
        assertThat(chat.join(bob, "r0")).isEqualTo(JoinResult.JOINED); // an existing room costs nothing more
        User carol = user(chat, "carol");
        assertThat(chat.join(carol, "lobby")).as("in no room yet").isEqualTo(JoinResult.JOINED);
        assertThat(chat.join(carol, "more")).isEqualTo(JoinResult.TOO_MANY_ROOMS);
        chat.quit(alice, "");
        chat.quit(carol, "");
        assertThat(chat.totals().rooms()).isEqualTo(1);
        assertThat(budget.used).isEqualTo(ChatTotals.ROOM_BYTES);
        chat.quit(bob, "");
        assertThat(budget.used).isZero();
    }

    @Test
    void aPlaceInEachRoomBeyondAUsersFirstIsChargedAndGivenBack() {
        CountingBudget budget = new CountingBudget(2 * ChatTotals.ROOM_BYTES + ChatTotals.MEMBERSHIP_BYTES);
        Chat chat = new Chat(CLOCK, budget);
        User alice = user(chat, "alice");
        User bob = user(chat, "bob");
        chat.join(alice, "r0");
        chat.join(alice, "r1");
        assertThat(budget.used).as("two rooms, alice's place in the second").isEqualTo(budget.limit);
        assertThat(chat.join(bob, "r0")).as("a first room is free").isEqualTo(JoinResult.JOINED);
        assertThat(chat.join(bob, "r1")).isEqualTo(JoinResult.NO_ROOM_FOR_MEMBER);
        assertThat(bob.rooms()).hasSize(1);

        chat.part(alice, chat.room("r0").orElseThrow(), "");
        assertThat(chat.join(bob, "r1")).isEqualTo(JoinResult.JOINED);
        chat.quit(alice, "");
        chat.quit(bob, "");
        assertThat(budget.used).isZero();
    }

    @Test
    void invitationsAndTransfersAreChargedAndGivenBack() {
        long room = ChatTotals.ROOM_BYTES;
        long offer = ChatTotals.TRANSFER_BYTES + 2L * "a.txt".length();
        CountingBudget budget = new CountingBudget(room + ChatTotals.INVITATION_BYTES + offer);
        Chat chat = new Chat(CLOCK, budget);
        User op = user(chat, "op");
        User bob = user(chat, "bob");
        User carol = user(chat, "carol");
        chat.join(op, "r0");
        Room r0 = chat.room("r0").orElseThrow();
        String sha = "0".repeat(64);
        assertThat(chat.transfers().offer(bob, "carol", "a.txt", 10, sha).result())
                .isEqualTo(Transfers.OfferResult.OFFERED);
        assertThat(chat.invite(op, r0, bob)).isEqualTo(Outcome.DONE);
        assertThat(chat.invite(op, r0, bob)).as("renewed, not charged again").isEqualTo(Outcome.DONE);
        assertThat(chat.invite(op, r0, carol)).isEqualTo(Outcome.OVER_CAPACITY);
        assertThat(carol.isInvitedTo(r0)).isFalse();
        assertThat(chat.transfers().offer(bob, "op", "a.txt", 10, sha).result())
                .isEqualTo(Transfers.OfferResult.TOO_MANY_TRANSFERS);
        assertThat(budget.used).isEqualTo(budget.limit);

        chat.quit(carol, "");
        chat.quit(bob, "");
        assertThat(budget.used).as("the transfer and the invitation are given back").isEqualTo(room);
    }

    @Test
    void roomsAreCappedInTotal() {
        Chat chat = new Chat(CLOCK, MemoryBudget.UNLIMITED);
        int max = ChatTotals.Limits.DEFAULTS.maxRooms();
        List<User> owners = createRooms(chat, max);
        User alice = user(chat, "alice");
        chat.join(alice, "r1"); // in a room already, so not given a new one regardless
        assertThat(chat.join(alice, "one-more")).isEqualTo(JoinResult.TOO_MANY_ROOMS);
        chat.part(owners.get(0), chat.room("r0").orElseThrow(), "");
        assertThat(chat.join(alice, "one-more")).isEqualTo(JoinResult.JOINED);
    }

    @Test
    void listEntriesAreCappedInTotalAndGivenBackWithTheirRoom() {
        Chat chat = new Chat(CLOCK, MemoryBudget.UNLIMITED);
        int rooms = ChatTotals.Limits.DEFAULTS.maxListEntries() / Room.MAX_MASKS;
        List<User> owners = createRooms(chat, rooms);
        for (int r = 0; r < rooms; r++) {
            Room room = chat.room("r" + r).orElseThrow();
            for (int m = 0; m < Room.MAX_MASKS; m++) {
                chat.changeModes(owners.get(r / User.MAX_ROOMS), room,
                        List.of(new RoomMode.Change(RoomMode.BAN, true, "b" + m + "!*@*")));
            }
        }
        User alice = user(chat, "alice");
        chat.join(alice, "last");
        Room last = chat.room("last").orElseThrow();
        chat.changeModes(alice, last, List.of(new RoomMode.Change(RoomMode.BAN_EXCEPTION, true, "x!*@*")));
        assertThat(last.masks(RoomMode.BAN_EXCEPTION)).isEmpty();
        chat.part(owners.get(0), chat.room("r0").orElseThrow(), "");
        chat.changeModes(alice, last, List.of(new RoomMode.Change(RoomMode.BAN_EXCEPTION, true, "x!*@*")));
        assertThat(last.masks(RoomMode.BAN_EXCEPTION)).hasSize(1);
        assertThat(chat.totals().listEntries()).isEqualTo(ChatTotals.Limits.DEFAULTS.maxListEntries() - 99);
    }

    @Test
    void topicsAndAwayMessagesPastTheBudgetAreRefusedAndTheOldOnesKept() {
        CountingBudget budget = new CountingBudget(Long.MAX_VALUE);
        Chat chat = new Chat(CLOCK, budget);
        User alice = user(chat, "alice");
        chat.join(alice, "dev");
        Room dev = chat.room("dev").orElseThrow();
        assertThat(chat.setTopic(alice, dev, "first")).isEqualTo(Outcome.DONE);
        assertThat(chat.setAway(alice, "out")).isTrue();
        budget.limit = budget.used; // nothing more fits
        assertThat(chat.setTopic(alice, dev, "second")).isEqualTo(Outcome.OVER_CAPACITY);
        assertThat(dev.topic().text()).isEqualTo("first");
        assertThat(chat.setAway(alice, "gone")).isFalse();
        assertThat(alice.away()).isEqualTo("out");
        assertThat(chat.setAway(alice, "")).isTrue(); // coming back frees, never costs
        assertThat(chat.setTopic(alice, dev, "")).isEqualTo(Outcome.DONE);
        assertThat(chat.totals().textChars()).isZero();
        chat.quit(alice, "");
        assertThat(budget.used).isZero();
    }
}
