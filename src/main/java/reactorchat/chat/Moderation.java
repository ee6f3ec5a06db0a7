package reactorchat.chat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import reactorchat.codec.Text;

/**
 * What is done to a room or a user rather than said: topics, modes, kicks, invitations and kills.
 * Each is checked against {@link RoomRules} first and, if done, told to whoever it concerns.
 * {@link Chat} is its only caller, and documents each action.
 */
final class Moderation {
    private final Chat chat;
    private final Rooms rooms;
    private final Delivery delivery;
    private final Clock clock;
    private final ChatTotals totals;

    Moderation(Chat chat, Rooms rooms, Delivery delivery, Clock clock, ChatTotals totals) {
        this.chat = chat;
        this.rooms = rooms;
        this.delivery = delivery;
        this.clock = clock;
        this.totals = totals;
    }

    Outcome setTopic(User by, Room room, String text) {
        Outcome standing = RoomRules.standing(by, room, room.has(RoomMode.TOPIC_LOCK));
        if (standing != Outcome.DONE) {
            return standing;
        }
        String topic = Text.isolated(text.length() > Topic.MAX_LENGTH ? text.substring(0, Topic.MAX_LENGTH) : text);
        if (!totals.replaceText(room.topic() == null ? "" : room.topic().text(), topic)) {
            return Outcome.OVER_CAPACITY;
        }
        room.topic(topic.isEmpty() ? null : new Topic(topic, by.nick(), clock.millis()));
        delivery.announce(room, by);
        delivery.toAll(room.members(), new ChatEvent.TopicChanged(by, room, topic));
        return Outcome.DONE;
    }

    Outcome changeModes(User by, Room room, List<RoomMode.Change> changes) {
        Outcome standing = RoomRules.standing(by, room, true);
        if (standing != Outcome.DONE) {
            return standing;
        }
        List<RoomMode.Change> applied = new ArrayList<>();
        for (RoomMode.Change change : changes) {
            User member = change.mode().argument == RoomMode.Argument.MEMBER
                    ? chat.user(change.argument()).orElse(null) : null;
            if (room.apply(change, member, by, clock.millis())) {
                if (member != null) {
                    delivery.announce(room, member);
                }
                applied.add(member == null ? change : new RoomMode.Change(change.mode(), change.on(), member.nick()));
            }
        }
        if (!applied.isEmpty()) {
            delivery.toAll(room.members(), new ChatEvent.ModesChanged(by, room, List.copyOf(applied)));
        }
        return Outcome.DONE;
    }

    Outcome kick(User by, Room room, User target, String reason) {
        Outcome standing = RoomRules.standing(by, room, true);
        if (standing != Outcome.DONE) {
            return standing;
        }
        if (!room.contains(target)) {
            return Outcome.TARGET_NOT_MEMBER;
        }
        delivery.announce(room, target);
        delivery.toAll(room.members(), new ChatEvent.Kicked(by, room, target, Text.isolated(reason)));
        rooms.leave(room, target);
        return Outcome.DONE;
    }

    /**
     * A plain member's invitation opens nothing: otherwise any member could let a banned user past
     * the operators' ban, key or limit (ngircd refuses that too).
     */
    Outcome invite(User by, Room room, User target) {
        Outcome standing = RoomRules.standing(by, room, room.has(RoomMode.INVITE_ONLY));
        if (standing != Outcome.DONE) {
            return standing;
        }
        if (room.contains(target)) {
            return Outcome.TARGET_MEMBER;
        }
        if (room.isOperator(by) && !target.invite(room)) {
            return Outcome.OVER_CAPACITY;
        }
        delivery.to(target, new ChatEvent.Invited(by, room, target));
        List<User> others = new ArrayList<>(room.members());
        others.remove(by); // the inviter has its own answer
        delivery.toAll(others, new ChatEvent.InviteSeen(by, room, target));
        return Outcome.DONE;
    }

    Outcome kill(User by, User target, String reason) {
        if (!by.isServerOperator()) {
            return Outcome.NOT_OPERATOR;
        }
        String why = Text.isolated(reason);
        delivery.to(target, new ChatEvent.Killed(by, target, why));
        chat.quit(target, "Killed (" + by.nick() + " (" + why + "))");
        return Outcome.DONE;
    }
}
