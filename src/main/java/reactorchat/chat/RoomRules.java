package reactorchat.chat;

import reactorchat.chat.ChatEvent.Kind;

/** Who may come into a room, past the locks its operators set, and who may act in it. */
final class RoomRules {
    private RoomRules() {
    }

    /**
     * Whether {@code from} may send messages to {@code room} ({@code live}: still one of the chat's).
     * A secret room takes nothing from outside even without +n: an answer would tell that it exists.
     */
    static Outcome maySpeak(User from, Room room, boolean live) {
        if (!room.contains(from) && (room.has(RoomMode.NO_EXTERNAL) || !room.isVisibleTo(from) || !live)) {
            return Outcome.NOT_MEMBER;
        }
        if (room.has(RoomMode.MODERATED) && !room.isOperator(from) && !room.isVoiced(from)) {
            return Outcome.MODERATED;
        }
        return Outcome.DONE;
    }

    /** As {@link #maySpeak(User, Room, boolean)}, for a message of {@code kind} saying {@code text}. */
    static Outcome maySay(User from, Room room, boolean live, Kind kind, String text) {
        Outcome allowed = maySpeak(from, room, live);
        if (allowed == Outcome.DONE && kind != Kind.ACTION && room.has(RoomMode.NO_CTCP) && text.startsWith("\u0001")) {
            return Outcome.NO_CTCP;
        }
        return allowed;
    }

    /** Whether {@code user} may do something in {@code room} that may need an operator. */
    static Outcome standing(User user, Room room, boolean operatorOnly) {
        if (!room.contains(user)) {
            return Outcome.NOT_MEMBER;
        }
        return operatorOnly && !room.isOperator(user) ? Outcome.NOT_OPERATOR : Outcome.DONE;
    }

    static JoinResult admission(Room room, User user, String key) {
        if (user.isInvitedTo(room)) {
            return JoinResult.JOINED; // an invitation opens every lock an operator can set
        }
        if (room.matches(RoomMode.BAN, user) && !room.matches(RoomMode.BAN_EXCEPTION, user)) {
            return JoinResult.BANNED;
        }
        if (room.has(RoomMode.INVITE_ONLY) && !room.matches(RoomMode.INVITE_EXCEPTION, user)) {
            return JoinResult.INVITE_ONLY;
        }
        if (!room.joinKey().isEmpty() && !room.joinKey().equals(key)) {
            return JoinResult.BAD_KEY;
        }
        return room.limit() > 0 && room.size() >= room.limit() ? JoinResult.FULL : JoinResult.JOINED;
    }
}
