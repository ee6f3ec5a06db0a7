package reactorchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactorchat.chat.ChatEvent.Kind;

class ChatTest {
    /** Encodes each event as short text and counts how often it is asked to. */
    private static final class CountingEncoder implements EventEncoder {
        int encodings;

        private ByteBuffer text(String text) {
            encodings++;
            return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
        }

        public ByteBuffer joined(ChatEvent.Joined e) {
            return text("join " + e.user().nick() + " " + e.room().name());
        }

        public ByteBuffer left(ChatEvent.Left e) {
            return text("left " + e.user().nick() + " " + e.room().name());
        }

        public ByteBuffer quit(ChatEvent.Quit e) {
            return text("quit " + e.user().nick() + " " + e.reason());
        }

        public ByteBuffer nickChanged(ChatEvent.NickChanged e) {
            return text("nick " + e.oldNick() + " " + e.user().nick());
        }

        public ByteBuffer roomMessage(ChatEvent.RoomMessage e) {
            return text("say " + e.user().nick() + " " + e.room().name() + " " + e.text());
        }

        public ByteBuffer privateMessage(ChatEvent.PrivateMessage e) {
            return text("tell " + e.user().nick() + " " + e.to().nick() + " " + e.text());
        }

        public ByteBuffer kicked(ChatEvent.Kicked e) {
            return text("kick " + e.user().nick() + " " + e.room().name() + " " + e.target().nick());
        }

        public ByteBuffer topicChanged(ChatEvent.TopicChanged e) {
            return text("topic " + e.user().nick() + " " + e.room().name() + " " + e.topic());
        }

        public ByteBuffer modesChanged(ChatEvent.ModesChanged e) {
            return text("modes " + e.user().nick() + " " + e.room().name() + " " + e.changes());
        }

        public ByteBuffer invited(ChatEvent.Invited e) {
            return text("invite " + e.user().nick() + " " + e.room().name() + " " + e.to().nick());
        }

        public ByteBuffer fileOffered(ChatEvent.FileOffered e) {
            return text("offer " + e.user().nick() + " " + e.to().nick() + " " + e.transfer().fileName());
        }

        public ByteBuffer killed(ChatEvent.Killed e) {
            return text("kill " + e.user().nick() + " " + e.target().nick() + " " + e.reason());
        }
    }

    /** Keeps what it was sent, decoded, and checks buffers really are shared. */
    private static final class Inbox implements Recipient {
        final EventEncoder encoder;
        final List<String> received = new ArrayList<>();
        final List<ByteBuffer> buffers = new ArrayList<>();

        Inbox(EventEncoder encoder) {
            this.encoder = encoder;
        }

        @Override
        public void receive(ChatEvent event, SharedEncoding shared) {
            ByteBuffer bytes = shared.bytes(encoder);
            buffers.add(bytes);
            received.add(StandardCharsets.UTF_8.decode(bytes.duplicate()).toString());
        }

        List<String> take() {
            List<String> all = List.copyOf(received);
            received.clear();
            return all;
        }
    }

    private final CountingEncoder encoder = new CountingEncoder();
    private Chat chat;

    @BeforeEach
    void setUp() {
        chat = new Chat(Clock.fixed(Instant.parse("2026-11-23T12:34:56Z"), ZoneOffset.UTC));
    }

    private Inbox inbox() {
        return new Inbox(encoder);
    }

    /** Two users who share two rooms: what they do must still be told to each other once. */
    private void bothInRoomsOneAndTwo(User a, User b) {
        for (String room : new String[] {"one", "two"}) {
            chat.join(a, room);
            chat.join(b, room);
        }
    }

    @Test
    void joinsIntoABigRoomAreToldToTheJoinerAloneUntilTheyFirstSpeak() {
        chat.quietJoinsAbove(2);
        Inbox ia = inbox();
        Inbox ib = inbox();
        Inbox ic = inbox();
        User a = chat.connect(ia, "h");
        User b = chat.connect(ib, "h");
        User c = chat.connect(ic, "h");
        chat.join(a, "big");
        chat.join(b, "big");
        ia.take();
        ib.take();

        chat.join(c, "big");
        Room big = c.rooms().get(0);
        assertThat(ic.take()).containsExactly("join guest-3 big");
        assertThat(ia.take()).as("a room of 2 or more: c comes in quietly").isEmpty();
        assertThat(ib.take()).isEmpty();
        assertThat(big.size()).isEqualTo(3);
        assertThat(big.membersShownTo(a)).containsExactly(a, b);
        assertThat(big.membersShownTo(c)).containsExactly(a, b, c);

        chat.say(c, big, Kind.SAY, "hi");
        assertThat(ia.take()).containsExactly("join guest-3 big", "say guest-3 big hi");
        assertThat(ib.take()).containsExactly("join guest-3 big", "say guest-3 big hi");
        assertThat(ic.take()).containsExactly("say guest-3 big hi");
        assertThat(big.membersShownTo(a)).containsExactly(a, b, c);

        chat.say(c, big, Kind.SAY, "again");
        assertThat(ia.take()).as("announced once").containsExactly("say guest-3 big again");
    }

    @Test
    void aQuietMemberLeavesAsQuietlyAsItCameUnlessGivenAStanding() {
        chat.quietJoinsAbove(1);
        Inbox ia = inbox();
        Inbox ib = inbox();
        User a = chat.connect(ia, "h");
        User b = chat.connect(ib, "h");
        User c = chat.connect(inbox(), "h");
        chat.join(a, "big");
        Room big = a.rooms().get(0);
        chat.join(b, "big");
        chat.join(c, "big");
        ia.take();
        ib.take();

        chat.part(b, big, "bye");
        assertThat(ib.take()).containsExactly("left guest-2 big");
        chat.quit(c, "gone");
        assertThat(ia.take()).as("nobody was told b or c came in").isEmpty();

        User d = chat.connect(inbox(), "h");
        chat.join(d, "big");
        chat.changeModes(a, big, List.of(new RoomMode.Change(RoomMode.VOICE, true, d.nick())));
        assertThat(ia.take()).containsExactly("join guest-4 big", "modes guest-1 big [Change[mode=VOICE, on=true, argument=guest-4]]");
        chat.quit(d, "gone");
        assertThat(ia.take()).containsExactly("quit guest-4 gone");
    }

    @Test
    void guestsGetDistinctNicks() {
        User a = chat.connect(inbox(), "h");
        User b = chat.connect(inbox(), "h");
        assertThat(a.nick()).isEqualTo("guest-1");
        assertThat(b.nick()).isEqualTo("guest-2");
        assertThat(chat.userCount()).isEqualTo(2);
    }

    @Test
    void aGuestNumberTakenAsANickIsSkipped() {
        User a = chat.connect(inbox(), "h");
        assertThat(chat.rename(a, "GUEST-2")).isEqualTo(NickResult.CHANGED);
        assertThat(chat.connect(inbox(), "h").nick()).isEqualTo("guest-3");
    }

    @Test
    void roomMessagesReachEveryMemberOnceEncodedOnce() {
        Inbox ia = inbox();
        Inbox ib = inbox();
        Inbox ic = inbox();
        User a = chat.connect(ia, "h");
        User b = chat.connect(ib, "h");
        User c = chat.connect(ic, "h");
        chat.join(a, "lobby");
        chat.join(b, "lobby");
        chat.join(c, "other");
        ia.take();
        ib.take();
        ic.take();
        encoder.encodings = 0;

        assertThat(chat.say(a, a.rooms().get(0), Kind.SAY, "hi")).isEqualTo(Outcome.DONE);

        assertThat(ia.take()).containsExactly("say guest-1 lobby hi");
        assertThat(ib.take()).containsExactly("say guest-1 lobby hi");
        assertThat(ic.take()).isEmpty();
        assertThat(encoder.encodings).isEqualTo(1);
        assertThat(ia.buffers.get(ia.buffers.size() - 1)).isSameAs(ib.buffers.get(ib.buffers.size() - 1));
    }

    @Test
    void aUserCannotSpeakInARoomTheyAreNotIn() {
        User a = chat.connect(inbox(), "h");
        User b = chat.connect(inbox(), "h");
        chat.join(b, "elsewhere");
        assertThat(chat.say(a, b.rooms().get(0), Kind.SAY, "sneaky")).isEqualTo(Outcome.NOT_MEMBER);
    }

    @Test
    void joinTellsTheRoomAndRejectsBadNamesAndRepeats() {
        Inbox ia = inbox();
        User a = chat.connect(ia, "h");
        User b = chat.connect(inbox(), "h");
        chat.join(a, "dev");
        assertThat(chat.join(b, "DEV")).isEqualTo(JoinResult.JOINED);
        assertThat(ia.take()).containsExactly("join guest-1 dev", "join guest-2 dev");
        assertThat(chat.join(b, "dev")).isEqualTo(JoinResult.ALREADY_THERE);
        assertThat(chat.join(b, "no spaces")).isEqualTo(JoinResult.INVALID);
        assertThat(chat.join(b, "x".repeat(33))).isEqualTo(JoinResult.INVALID);
        assertThat(chat.room("Dev")).get().extracting(Room::size).isEqualTo(2);
    }

    @Test
    void anEmptyRoomIsGone() {
        User a = chat.connect(inbox(), "h");
        chat.join(a, "temp");
        Room temp = chat.room("temp").orElseThrow();
        assertThat(chat.part(a, temp, "")).isTrue();
        assertThat(chat.room("temp")).isEmpty();
        assertThat(chat.rooms()).isEmpty();
        assertThat(chat.part(a, temp, "")).isFalse();
    }

    @Test
    void nicksAreUniqueIgnoringCaseAndRfc1459Brackets() {
        User a = chat.connect(inbox(), "h");
        User b = chat.connect(inbox(), "h");
        assertThat(chat.rename(a, "Alice[1]")).isEqualTo(NickResult.CHANGED);
        assertThat(chat.rename(b, "alice{1}")).isEqualTo(NickResult.IN_USE);
        assertThat(chat.rename(b, "ALICE[1]")).isEqualTo(NickResult.IN_USE);
        assertThat(chat.rename(a, "alice[1]")).as("own nick in another case").isEqualTo(NickResult.CHANGED);
        assertThat(chat.rename(a, "alice[1]")).isEqualTo(NickResult.UNCHANGED);
        assertThat(chat.user("ALICE{1}")).contains(a);
    }

    @Test
    void nickRules() {
        User a = chat.connect(inbox(), "h");
        assertThat(chat.rename(a, "")).isEqualTo(NickResult.INVALID);
        assertThat(chat.rename(a, "has space")).isEqualTo(NickResult.INVALID);
        assertThat(chat.rename(a, "dot.ted")).isEqualTo(NickResult.INVALID);
        assertThat(chat.rename(a, "x".repeat(33))).isEqualTo(NickResult.INVALID);
        assertThat(chat.rename(a, "x".repeat(32))).isEqualTo(NickResult.CHANGED);
        assertThat(chat.rename(a, "a-_[]\\{}|^9")).isEqualTo(NickResult.CHANGED);
    }

    @Test
    void roomsAreOneIgnoringCaseAndRfc1459Brackets() {
        User a = chat.connect(inbox(), "h");
        User b = chat.connect(inbox(), "h");
        for (String[] names : new String[][] {{"Foo\\", "foo|"}, {"Foo[", "foo{"}, {"F]|oo{", "f}\\oo["}, {"a^", "A~"}}) {
            assertThat(chat.join(a, names[0])).isEqualTo(JoinResult.JOINED);
            assertThat(chat.join(b, names[1])).as(names[1]).isEqualTo(JoinResult.JOINED);
            Room room = chat.room(names[1]).orElseThrow();
            assertThat(room.name()).isEqualTo(names[0]);
            assertThat(room.size()).isEqualTo(2);
        }
        assertThat(chat.rooms()).hasSize(4);
    }

    @Test
    void aNickChangeIsToldToNeighboursAndSelfOnce() {
        Inbox ia = inbox();
        Inbox ib = inbox();
        Inbox ic = inbox();
        User a = chat.connect(ia, "h");
        User b = chat.connect(ib, "h");
        chat.connect(ic, "h");
        bothInRoomsOneAndTwo(a, b);
        ia.take();
        ib.take();
        chat.rename(a, "alice");
        assertThat(ia.take()).containsExactly("nick guest-1 alice");
        assertThat(ib.take()).containsExactly("nick guest-1 alice");
        assertThat(ic.take()).isEmpty();
        assertThat(chat.user("guest-1")).isEmpty();
    }

    @Test
    void quitTellsEachNeighbourOnceAndForgetsTheUser() {
        Inbox ia = inbox();
        Inbox ib = inbox();
        User a = chat.connect(ia, "h");
        User b = chat.connect(ib, "h");
        bothInRoomsOneAndTwo(a, b);
        ib.take();
        chat.quit(a, "bye");
        assertThat(ib.take()).containsExactly("quit guest-1 bye");
        assertThat(ia.take()).doesNotContain("quit guest-1 bye");
        assertThat(chat.user("guest-1")).isEmpty();
        assertThat(chat.room("one").orElseThrow().members()).containsExactly(b);
        chat.quit(a, "again");
        assertThat(ib.take()).isEmpty();
    }

    @Test
    void privateMessagesReachOnlyTheirTarget() {
        Inbox ia = inbox();
        Inbox ib = inbox();
        Inbox ic = inbox();
        User a = chat.connect(ia, "h");
        User b = chat.connect(ib, "h");
        chat.connect(ic, "h");
        assertThat(chat.tell(a, "GUEST-2", Kind.SAY, "psst")).hasValueSatisfying(told -> {
            assertThat(told.to()).isSameAs(b);
            assertThat(told.millis()).as("the chat's clock").isEqualTo(Instant.parse("2026-11-23T12:34:56Z").toEpochMilli());
        });
        assertThat(ib.take()).containsExactly("tell guest-1 guest-2 psst");
        assertThat(ia.take()).isEmpty();
        assertThat(ic.take()).isEmpty();
        assertThat(chat.tell(a, "nobody", Kind.SAY, "x")).isEmpty();
    }

    @Test
    void messagesCarryTheClocksTime() {
        List<ChatEvent> events = new ArrayList<>();
        User a = chat.connect((event, shared) -> events.add(event), "h");
        chat.join(a, "lobby");
        chat.say(a, a.rooms().get(0), Kind.SAY, "hi");
        ChatEvent.RoomMessage message = (ChatEvent.RoomMessage) events.get(events.size() - 1);
        assertThat(message.millis()).isEqualTo(Instant.parse("2026-11-23T12:34:56Z").toEpochMilli());
    }

    @Test
    void everyoneSeesOneIdForAMessageAndEachMessageHasItsOwn() {
        List<ChatEvent> toA = new ArrayList<>();
        List<ChatEvent> toB = new ArrayList<>();
        User a = chat.connect((event, shared) -> toA.add(event), "h");
        User b = chat.connect((event, shared) -> toB.add(event), "h");
        chat.join(a, "lobby");
        chat.join(b, "lobby");
        Room lobby = a.rooms().get(0);
        chat.say(a, lobby, Kind.SAY, "one");
        chat.say(a, lobby, Kind.ACTION, "two");
        ChatEvent.RoomMessage secondToA = (ChatEvent.RoomMessage) toA.get(toA.size() - 1);
        ChatEvent.RoomMessage firstToB = (ChatEvent.RoomMessage) toB.get(toB.size() - 2);
        ChatEvent.RoomMessage secondToB = (ChatEvent.RoomMessage) toB.get(toB.size() - 1);
        assertThat(secondToA.id()).isEqualTo(secondToB.id());
        assertThat(firstToB.id()).isNotEqualTo(secondToB.id());

        ChatEvent.PrivateMessage told = chat.tell(a, b.nick(), Kind.NOTICE, "psst").orElseThrow();
        assertThat(((ChatEvent.PrivateMessage) toB.get(toB.size() - 1)).id()).isEqualTo(told.id());
        assertThat(told.id()).isNotIn(firstToB.id(), secondToB.id());
    }

    @Test
    void aSilencedChatTellsNobody() {
        Inbox ia = inbox();
        Inbox ib = inbox();
        User a = chat.connect(ia, "h");
        User b = chat.connect(ib, "h");
        chat.join(a, "lobby");
        chat.join(b, "lobby");
        ib.take();
        chat.silence();
        chat.quit(a, "server stopping");
        assertThat(ib.take()).isEmpty();
        assertThat(chat.userCount()).isEqualTo(1);
    }
}
