package reactorchat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import reactorchat.chat.ChatEvent.Kind;

/** The room rules the chat enforces for every dialect: operators, modes, topics, kicks, invitations. */
class ChatRulesTest {
    private final Chat chat = new Chat(Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC));
    private final Inbox aliceInbox = new Inbox();
    private final Inbox bobInbox = new Inbox();
    private final User alice = chat.connect(aliceInbox, "h", "alice", "al", "Alice A").orElseThrow();
    private final User bob = chat.connect(bobInbox, "h", "bob", "bo", "").orElseThrow();

    private static final class Inbox implements Recipient {
        final List<ChatEvent> events = new ArrayList<>();

        @Override
        public void receive(ChatEvent event, SharedEncoding shared) {
            events.add(event);
        }
    }

    private Room room(String name) {
        return chat.room(name).orElseThrow();
    }

    @Test
    void aChosenNickMustBeValidAndFreeIgnoringCase() {
        assertThat(chat.connect(new Inbox(), "h", "ALICE", "x", "")).isEmpty();
        assertThat(chat.connect(new Inbox(), "h", "bad nick", "x", "")).isEmpty();
        assertThat(alice.ident()).isEqualTo("al");
        assertThat(alice.realName()).isEqualTo("Alice A");
    }

    @Test
    void theFirstJoinerIsOperatorAndANewRoomIsMembersOnlyWithALockedTopic() {
        chat.join(alice, "dev");
        chat.join(bob, "dev");
        assertThat(room("dev").isOperator(alice)).isTrue();
        assertThat(room("dev").isOperator(bob)).isFalse();
        assertThat(room("dev").modes()).containsExactlyInAnyOrder(RoomMode.NO_EXTERNAL, RoomMode.TOPIC_LOCK);
        assertThat(chat.setTopic(bob, room("dev"), "mine")).isEqualTo(Outcome.NOT_OPERATOR);
        assertThat(chat.setTopic(alice, room("dev"), "ours")).isEqualTo(Outcome.DONE);
        assertThat(room("dev").topic()).isEqualTo(new Topic("ours", "alice", 1_700_000_000_000L));
        assertThat(bobInbox.events).last().isInstanceOf(ChatEvent.TopicChanged.class);
    }

    @Test
    void outsidersCannotSpeakToAMembersOnlyRoomNorAnyoneUnvoicedToAModeratedOne() {
        chat.join(alice, "dev");
        assertThat(chat.say(bob, room("dev"), Kind.SAY, "hi")).isEqualTo(Outcome.NOT_MEMBER);
        chat.changeModes(alice, room("dev"), List.of(new RoomMode.Change(RoomMode.NO_EXTERNAL, false, "")));
        assertThat(chat.say(bob, room("dev"), Kind.SAY, "hi")).isEqualTo(Outcome.DONE);
        chat.join(bob, "dev");
        chat.changeModes(alice, room("dev"), List.of(new RoomMode.Change(RoomMode.MODERATED, true, "")));
        int heard = aliceInbox.events.size();
        assertThat(chat.say(bob, room("dev"), Kind.SAY, "hi")).isEqualTo(Outcome.MODERATED);
        assertThat(aliceInbox.events).as("a refused message reaches nobody").hasSize(heard);
        chat.changeModes(alice, room("dev"), List.of(new RoomMode.Change(RoomMode.VOICE, true, "BOB")));
        assertThat(chat.say(bob, room("dev"), Kind.SAY, "hi")).isEqualTo(Outcome.DONE);
    }

    @Test
    void onlyOperatorsChangeModesAndOnlyEffectiveChangesAreAnnounced() {
        chat.join(alice, "dev");
        chat.join(bob, "dev");
        assertThat(chat.changeModes(bob, room("dev"), List.of(new RoomMode.Change(RoomMode.MODERATED, true, ""))))
                .isEqualTo(Outcome.NOT_OPERATOR);
        bobInbox.events.clear();
        chat.changeModes(alice, room("dev"), List.of(
                new RoomMode.Change(RoomMode.TOPIC_LOCK, true, ""),
                new RoomMode.Change(RoomMode.OPERATOR, true, "Bob"),
                new RoomMode.Change(RoomMode.OPERATOR, true, "nobody")));
        assertThat(bobInbox.events).singleElement().isEqualTo(new ChatEvent.ModesChanged(alice, room("dev"),
                List.of(new RoomMode.Change(RoomMode.OPERATOR, true, "bob"))));
        assertThat(room("dev").isOperator(bob)).isTrue();
    }

    @Test
    void keyLimitAndInvitationGuardTheDoor() {
        chat.join(alice, "dev");
        chat.changeModes(alice, room("dev"), List.of(new RoomMode.Change(RoomMode.KEY, true, "s3cret")));
        assertThat(chat.join(bob, "dev", "wrong")).isEqualTo(JoinResult.BAD_KEY);
        assertThat(chat.join(bob, "dev", "s3cret")).isEqualTo(JoinResult.JOINED);
        chat.part(bob, room("dev"), "");
        chat.changeModes(alice, room("dev"), List.of(
                new RoomMode.Change(RoomMode.KEY, false, ""), new RoomMode.Change(RoomMode.LIMIT, true, "1")));
        assertThat(room("dev").modes()).contains(RoomMode.LIMIT).doesNotContain(RoomMode.KEY);
        assertThat(chat.join(bob, "dev")).isEqualTo(JoinResult.FULL);
        chat.changeModes(alice, room("dev"), List.of(
                new RoomMode.Change(RoomMode.LIMIT, false, ""), new RoomMode.Change(RoomMode.INVITE_ONLY, true, "")));
        assertThat(chat.join(bob, "dev")).isEqualTo(JoinResult.INVITE_ONLY);
        assertThat(chat.invite(alice, room("dev"), bob)).isEqualTo(Outcome.DONE);
        assertThat(bobInbox.events).last().isEqualTo(new ChatEvent.Invited(alice, room("dev"), bob));
        assertThat(chat.join(bob, "dev")).isEqualTo(JoinResult.JOINED);
        assertThat(chat.invite(alice, room("dev"), bob)).isEqualTo(Outcome.TARGET_MEMBER);
    }

    @Test
    void aKickTellsTheRoomThenRemovesTheTarget() {
        chat.join(alice, "dev");
        chat.join(bob, "dev");
        assertThat(chat.kick(bob, room("dev"), alice, "no")).isEqualTo(Outcome.NOT_OPERATOR);
        assertThat(chat.kick(alice, room("dev"), bob, "bye")).isEqualTo(Outcome.DONE);
        assertThat(bobInbox.events).last().isEqualTo(new ChatEvent.Kicked(alice, room("dev"), bob, "bye"));
        assertThat(room("dev").contains(bob)).isFalse();
        assertThat(bob.rooms()).isEmpty();
        assertThat(chat.kick(alice, room("dev"), bob, "again")).isEqualTo(Outcome.TARGET_NOT_MEMBER);
    }

    @Test
    void leavingDropsOperatorStatus() {
        chat.join(alice, "dev");
        chat.join(bob, "dev");
        chat.part(alice, room("dev"), "");
        chat.join(alice, "dev");
        assertThat(room("dev").isOperator(alice)).isFalse();
    }
    @Test
    void masksMatchLikeNicksCompare() {
        assertThat(Mask.matches("al*", "Alice")).isTrue();
        assertThat(Mask.matches("a?ice", "alice")).isTrue();
        assertThat(Mask.matches("*[x]*", "a{X}b")).isTrue();
        assertThat(Mask.matches("*e", "alic")).isFalse();
        assertThat(Mask.matches("a*b*c", "aXbYbZc")).isTrue();
        assertThat(Mask.matches("", "a")).isFalse();
    }

    @Test
    void bansKeepMatchingUsersOutUnlessExceptedOrInvited() {
        chat.join(alice, "dev");
        Room dev = room("dev");
        chat.changeModes(alice, dev, List.of(new RoomMode.Change(RoomMode.BAN, true, "BOB!*@*")));
        assertThat(dev.masks(RoomMode.BAN)).singleElement()
                .isEqualTo(new Room.MaskEntry("BOB!*@*", "alice", 1_700_000_000_000L, false));
        assertThat(chat.join(bob, "dev")).isEqualTo(JoinResult.BANNED);
        chat.changeModes(alice, dev, List.of(new RoomMode.Change(RoomMode.BAN_EXCEPTION, true, "*!bo@*")));
        assertThat(chat.join(bob, "dev")).isEqualTo(JoinResult.JOINED);
        chat.part(bob, dev, "");
        chat.changeModes(alice, dev, List.of(new RoomMode.Change(RoomMode.BAN_EXCEPTION, false, "*!BO@*"),
                new RoomMode.Change(RoomMode.BAN, true, "bob!*@*")));
        assertThat(dev.masks(RoomMode.BAN_EXCEPTION)).isEmpty();
        assertThat(dev.masks(RoomMode.BAN)).hasSize(1); // the same mask again is no change
        chat.invite(alice, dev, bob);
        assertThat(chat.join(bob, "dev")).isEqualTo(JoinResult.JOINED);
    }

    @Test
    void onlyAnOperatorsInvitationOpensABanAKeyOrALimit() {
        User carol = chat.connect(new Inbox(), "h", "carol", "ca", "").orElseThrow();
        chat.join(alice, "dev");
        chat.join(carol, "dev");
        Room dev = room("dev");
        chat.changeModes(alice, dev, List.of(new RoomMode.Change(RoomMode.BAN, true, "bob!*@*")));
        assertThat(chat.invite(carol, dev, bob)).isEqualTo(Outcome.DONE); // told, as RFC 2812 wants
        assertThat(bobInbox.events).last().isEqualTo(new ChatEvent.Invited(carol, dev, bob));
        assertThat(chat.join(bob, "dev")).isEqualTo(JoinResult.BANNED);
        chat.changeModes(alice, dev, List.of(new RoomMode.Change(RoomMode.BAN, false, "bob!*@*"),
                new RoomMode.Change(RoomMode.KEY, true, "k")));
        chat.invite(carol, dev, bob);
        assertThat(chat.join(bob, "dev")).isEqualTo(JoinResult.BAD_KEY);
        chat.changeModes(alice, dev, List.of(new RoomMode.Change(RoomMode.KEY, false, ""),
                new RoomMode.Change(RoomMode.LIMIT, true, "2")));
        chat.invite(carol, dev, bob);
        assertThat(chat.join(bob, "dev")).isEqualTo(JoinResult.FULL);
        chat.invite(alice, dev, bob);
        assertThat(chat.join(bob, "dev")).isEqualTo(JoinResult.JOINED);
    }

    @Test
    void anInviteExceptionOpensAnInviteOnlyRoom() {
        chat.join(alice, "dev");
        chat.changeModes(alice, room("dev"), List.of(new RoomMode.Change(RoomMode.INVITE_ONLY, true, ""),
                new RoomMode.Change(RoomMode.INVITE_EXCEPTION, true, "b*!*@*")));
        assertThat(chat.join(bob, "dev")).isEqualTo(JoinResult.JOINED);
    }

    @Test
    void aRoomThatDiesTakesItsInvitationsWithIt() {
        chat.join(alice, "dev");
        chat.invite(alice, room("dev"), bob);
        assertThat(bob.invitationCount()).isEqualTo(1);
        chat.part(alice, room("dev"), "");
        assertThat(chat.room("dev")).isEmpty();
        assertThat(bob.invitationCount()).isZero(); // before the fix the dead Room stayed reachable from bob
        chat.join(alice, "dev");
        chat.changeModes(alice, room("dev"), List.of(new RoomMode.Change(RoomMode.INVITE_ONLY, true, "")));
        assertThat(chat.join(bob, "dev")).isEqualTo(JoinResult.INVITE_ONLY);
    }

    @Test
    void invitationsPerUserAreCappedOldestFirstAndDieWithTheUser() {
        List<User> owners = new ArrayList<>(); // owners.get(i / User.MAX_ROOMS) holds room i
        for (int i = 0; i <= User.MAX_INVITATIONS; i++) {
            if (i % User.MAX_ROOMS == 0) {
                owners.add(i == 0 ? alice : chat.connect(new Inbox(), "h"));
            }
            User owner = owners.get(owners.size() - 1);
            chat.join(owner, "r" + i);
            chat.changeModes(owner, room("r" + i), List.of(new RoomMode.Change(RoomMode.INVITE_ONLY, true, "")));
            chat.invite(owner, room("r" + i), bob);
        }
        assertThat(bob.invitationCount()).isEqualTo(User.MAX_INVITATIONS);
        assertThat(chat.join(bob, "r0")).isEqualTo(JoinResult.INVITE_ONLY); // the oldest was dropped
        assertThat(chat.join(bob, "r1")).isEqualTo(JoinResult.JOINED);
        assertThat(bob.invitationCount()).isEqualTo(User.MAX_INVITATIONS - 1);
        chat.quit(bob, "bye");
        assertThat(bob.invitationCount()).isZero();
        for (int i = 2; i <= User.MAX_INVITATIONS; i++) {
            chat.part(owners.get(i / User.MAX_ROOMS), room("r" + i), ""); // each room drops an invitation bob no longer holds
        }
        assertThat(chat.rooms()).extracting(Room::name).containsExactlyInAnyOrder("r0", "r1");
    }

    @Test
    void formerNicksAreRememberedNewestFirstAndThePeakIsKept() {
        chat.rename(alice, "alicia");
        chat.quit(alice, "bye");
        chat.quit(bob, "bye");
        chat.connect(new Inbox(), "h");
        assertThat(chat.formerly("ALICE")).singleElement()
                .isEqualTo(new Former("alice", "al", "h", "Alice A", 1_700_000_000_000L));
        assertThat(chat.formerly("alicia")).hasSize(1);
        assertThat(chat.formerly("carol")).isEmpty();
        assertThat(chat.peakUserCount()).isEqualTo(2);
        assertThat(chat.userCount()).isEqualTo(1);
    }

    @Test
    void aUserInAsManyRoomsAsOneMayIsRefusedAnyOtherButNotOneTheyAreIn() {
        for (int i = 0; i < User.MAX_ROOMS; i++) {
            assertThat(chat.join(alice, "r" + i)).isEqualTo(JoinResult.JOINED);
        }
        chat.join(bob, "open");
        assertThat(chat.join(alice, "open")).isEqualTo(JoinResult.TOO_MANY_JOINED);
        assertThat(chat.join(alice, "no spaces")).as("before the name is looked at").isEqualTo(JoinResult.TOO_MANY_JOINED);
        assertThat(chat.join(alice, "R0")).isEqualTo(JoinResult.ALREADY_THERE);
        assertThat(chat.room("open").orElseThrow().contains(alice)).isFalse();
        chat.part(alice, room("r0"), "");
        assertThat(chat.join(alice, "open")).isEqualTo(JoinResult.JOINED);
    }

    @Test
    void aRefusalIsWordedOnceForEveryDialectThatUsesWords() {
        assertThat(JoinResult.BANNED.refusal("dev")).isEqualTo("cannot join dev: you are banned from it");
        assertThat(JoinResult.TOO_MANY_JOINED.refusal("dev")).isEqualTo("cannot join dev: you are in 50 rooms already");
        assertThatThrownBy(() -> JoinResult.JOINED.refusal("dev")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void visibleRoomsAreSortedByNameIgnoringCaseAndHideSecretRoomsFromOutsiders() {
        chat.join(alice, "beta");
        chat.join(alice, "Alpha");
        chat.join(alice, "hidden");
        chat.changeModes(alice, room("hidden"), List.of(new RoomMode.Change(RoomMode.SECRET, true, "")));
        assertThat(chat.visibleRooms(bob)).extracting(Room::name).containsExactly("Alpha", "beta");
        assertThat(chat.visibleRooms(alice)).extracting(Room::name).containsExactly("Alpha", "beta", "hidden");
        assertThat(chat.visibleRoom(bob, "HIDDEN")).isEmpty();
        assertThat(chat.visibleRoom(alice, "HIDDEN")).contains(room("hidden"));
    }
}
