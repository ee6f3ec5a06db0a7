package reactorchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import reactorchat.chat.ChatEvent.Kind;
import reactorchat.chat.RoomHistory.Anchor;
import reactorchat.testing.CountingBudget;

class HistoryTest {
    private static final Recipient NOBODY = (event, shared) -> { };

    private final CountingBudget budget = new CountingBudget(Long.MAX_VALUE);
    private final MutableClock clock = new MutableClock();
    private final Chat chat = new Chat(clock, budget);

    /** A clock a test moves on by hand, one second per message said. */
    private static final class MutableClock extends Clock {
        long millis = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private User inRoom(String room) {
        User user = chat.connect(NOBODY, "h");
        assertThat(chat.join(user, room)).isEqualTo(JoinResult.JOINED);
        return user;
    }

    private void say(User user, String room, String... lines) {
        for (String line : lines) {
            clock.millis += 1000;
            assertThat(chat.say(user, chat.room(room).orElseThrow(), Kind.SAY, line)).isEqualTo(Outcome.DONE);
        }
    }

    private List<String> texts(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::text).toList();
    }

    private RoomHistory historyOf(User member, String room) {
        return chat.history(member, chat.room(room).orElseThrow()).orElseThrow();
    }

    @Test
    void aRoomKeepsItsNewestLinesWithTheirTimeIdAndSender() {
        chat.history().setLimits(new History.Limits(3, 1 << 20, 2));
        User alice = inRoom("lobby");
        say(alice, "lobby", "one", "two", "three", "four");
        RoomHistory history = historyOf(alice, "lobby");
        assertThat(texts(history.latest(10))).containsExactly("two", "three", "four");
        HistoryEntry last = history.latest(1).get(0);
        assertThat(last.millis()).isEqualTo(clock.millis);
        assertThat(last.source()).isEqualTo(alice.nick() + "!" + alice.ident() + "@" + alice.host());
        assertThat(last.nick()).isEqualTo(alice.nick());
        assertThat(last.kind()).isEqualTo(Kind.SAY);
        assertThat(texts(chat.historyOnJoin(alice, chat.room("lobby").orElseThrow()))).containsExactly("three", "four");
        assertThat(chat.history().entries()).isEqualTo(3);
    }

    @Test
    void onlyMembersMayReadARoomsHistoryAndPrivateMessagesAreNeverKept() {
        User alice = inRoom("lobby");
        User outsider = inRoom("elsewhere");
        say(alice, "lobby", "for members");
        chat.tell(alice, outsider.nick(), Kind.SAY, "private");
        Room lobby = chat.room("lobby").orElseThrow();
        assertThat(chat.history(outsider, lobby)).isEmpty();
        assertThat(chat.historyOnJoin(outsider, lobby)).isEmpty();
        assertThat(texts(historyOf(alice, "lobby").latest(10))).containsExactly("for members");
        assertThat(chat.history().entries()).isEqualTo(1);
    }

    @Test
    void historyOutlivesAnEmptyRoomButASecretOrKeyedRoomsGoesWithIt() {
        List<HistoryEntry> journaled = new ArrayList<>();
        chat.history().journalTo(journaled::add);
        User alice = inRoom("open");
        say(alice, "open", "public words");
        chat.part(alice, chat.room("open").orElseThrow(), "");
        User bob = inRoom("open");
        assertThat(texts(historyOf(bob, "open").latest(10))).containsExactly("public words");

        for (RoomMode.Change lock : List.of(new RoomMode.Change(RoomMode.SECRET, true, ""),
                new RoomMode.Change(RoomMode.KEY, true, "sesame"))) {
            String name = "closed" + lock.mode();
            User carol = inRoom(name);
            say(carol, name, "before the lock");
            assertThat(chat.changeModes(carol, chat.room(name).orElseThrow(), List.of(lock))).isEqualTo(Outcome.DONE);
            say(carol, name, "behind the lock");
            assertThat(texts(historyOf(carol, name).latest(10))).containsExactly("before the lock", "behind the lock");
            chat.part(carol, chat.room(name).orElseThrow(), "");
            User dave = inRoom(name);
            assertThat(texts(historyOf(dave, name).latest(10))).containsExactly("before the lock");
        }
        assertThat(texts(journaled)).containsExactly("public words", "before the lock", "before the lock");
    }

    @Test
    void pastTheByteTotalTheRoomSpokenInLeastLatelyGivesUpItsOldestFirst() {
        User alice = inRoom("quiet");
        User bob = inRoom("busy");
        say(alice, "quiet", "q1", "q2");
        say(bob, "busy", "b1");
        long perEntry = chat.history().bytes() / 3;
        chat.history().setLimits(new History.Limits(100, perEntry * 3, 20));
        say(bob, "busy", "b2");
        assertThat(texts(historyOf(alice, "quiet").latest(10))).containsExactly("q2");
        say(bob, "busy", "b3");
        assertThat(texts(historyOf(alice, "quiet").latest(10))).isEmpty();
        assertThat(texts(historyOf(bob, "busy").latest(10))).containsExactly("b1", "b2", "b3");
        assertThat(chat.history().bytes()).isLessThanOrEqualTo(perEntry * 3);
    }

    @Test
    void everyEntryIsChargedToTheMemoryBudgetAndGivenBackWhenItGoes() {
        chat.history().setLimits(new History.Limits(2, 1 << 20, 2));
        User alice = inRoom("lobby");
        long before = budget.used;
        say(alice, "lobby", "one", "two");
        long twoEntries = budget.used - before;
        assertThat(twoEntries).isEqualTo(chat.history().bytes()).isPositive();
        say(alice, "lobby", "three");
        assertThat(budget.used - before).isEqualTo(chat.history().bytes());
        chat.history().setLimits(new History.Limits(0, 1 << 20, 0));
        assertThat(budget.used).isEqualTo(before);
        assertThat(chat.history().entries()).isZero();
    }

    @Test
    void aFullBudgetMakesHistoryGiveUpItsOwnOldestRatherThanRefuseTheLine() {
        User alice = inRoom("lobby");
        say(alice, "lobby", "one");
        budget.limit = budget.used; // nothing more fits unless history gives something back
        say(alice, "lobby", "two");
        assertThat(texts(historyOf(alice, "lobby").latest(10))).containsExactly("two");
        assertThat(chat.history().dropped()).isZero();
    }

    @Test
    void beforeAfterAroundAndBetweenAnIdOrATime() {
        User alice = inRoom("lobby");
        say(alice, "lobby", "m0", "m1", "m2", "m3", "m4", "m5");
        RoomHistory history = historyOf(alice, "lobby");
        List<HistoryEntry> all = history.latest(10);
        Anchor m2 = Anchor.id(all.get(2).id());
        Anchor m4 = Anchor.id(all.get(4).id());
        assertThat(texts(history.before(m2, 10))).containsExactly("m0", "m1");
        assertThat(texts(history.before(m4, 2))).containsExactly("m2", "m3");
        assertThat(texts(history.after(m2, 2))).containsExactly("m3", "m4");
        assertThat(texts(history.around(m2, 3))).containsExactly("m1", "m2", "m3");
        assertThat(texts(history.between(m2, Anchor.id(all.get(5).id()), 10))).containsExactly("m3", "m4");
        assertThat(texts(history.between(Anchor.id(all.get(5).id()), m2, 1))).containsExactly("m4");
        assertThat(texts(history.before(Anchor.time(all.get(1).millis()), 10))).containsExactly("m0");
        assertThat(texts(history.after(Anchor.time(all.get(4).millis()), 10))).containsExactly("m5");
        assertThat(history.before(Anchor.id("nosuchid"), 10)).isEmpty();
    }
}
