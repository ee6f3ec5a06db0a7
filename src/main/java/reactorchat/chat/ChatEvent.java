package reactorchat.chat;

import java.nio.ByteBuffer;
import java.util.List;

/** What the chat tells users. Each event knows which encoder method gives its bytes. */
public sealed interface ChatEvent {
    /** Whose action this event reports. */
    User user();

    ByteBuffer encodeWith(EventEncoder encoder);

    /** True for something said; false for a change of who is where or called what. */
    default boolean isMessage() {
        return false;
    }

    /** How a message is meant: said, acted ({@code /me}), or a notice that nobody should answer automatically. */
    enum Kind { SAY, ACTION, NOTICE }

    record Joined(User user, Room room) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.joined(this);
        }
    }

    /** The user left one room; {@code reason} may be empty. */
    record Left(User user, Room room, String reason) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.left(this);
        }
    }

    /** The user left the chat; everyone who shared a room with them is told once. */
    record Quit(User user, String reason) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.quit(this);
        }
    }

    record NickChanged(User user, String oldNick) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.nickChanged(this);
        }
    }

    /**
     * Something said in a room. {@code millis} (epoch milliseconds of the chat's clock) and
     * {@code id} ({@link MessageIds}) are given once, when it is said, so every dialect shows the
     * same time and id for it, and history keeps them. {@code tags} are what the sender's dialect
     * asked to be relayed with it, opaque to the chat (IRC's client-only tags), empty for none.
     */
    record RoomMessage(User user, Room room, Kind kind, String text, long millis, String id, String tags)
            implements ChatEvent {
        public RoomMessage(User user, Room room, Kind kind, String text, long millis, String id) {
            this(user, room, kind, text, millis, id, "");
        }

        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.roomMessage(this);
        }

        @Override
        public boolean isMessage() {
            return true;
        }
    }

    /** Something said to one user; {@code millis} and {@code id} as for {@link RoomMessage}. */
    record PrivateMessage(User user, User to, Kind kind, String text, long millis, String id, String tags)
            implements ChatEvent {
        public PrivateMessage(User user, User to, Kind kind, String text, long millis, String id) {
            this(user, to, kind, text, millis, id, "");
        }

        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.privateMessage(this);
        }

        @Override
        public boolean isMessage() {
            return true;
        }
    }

    /** An operator put {@code target} out of the room; everyone in it, the target too, is told. */
    record Kicked(User user, Room room, User target, String reason) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.kicked(this);
        }
    }

    /** The room's topic is now {@code topic}; empty means it was cleared. */
    record TopicChanged(User user, Room room, String topic) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.topicChanged(this);
        }
    }

    /** The room's rules or members' standing changed; only changes that took effect are listed. */
    record ModesChanged(User user, Room room, List<RoomMode.Change> changes) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.modesChanged(this);
        }
    }

    /** A server operator disconnects {@code target}; only the target is told, then the chat quits them. */
    record Killed(User user, User target, String reason) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.killed(this);
        }
    }

    /** {@code user} offers {@code to} a file; only {@code to} is told. */
    record FileOffered(User user, User to, Transfer transfer) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.fileOffered(this);
        }
    }

    /** {@code user} invites {@code to} into a room; only the invited user is told. */
    record Invited(User user, Room room, User to) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.invited(this);
        }
    }

    /**
     * Tags without a message (IRC's TAGMSG: a reaction, a typing notice) from {@code user}, to
     * {@code room} or, if that is null, to {@code to}. Only dialects that carry tags show it.
     */
    record Tagged(User user, Room room, User to, String tags, long millis, String id) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.tagged(this);
        }
    }

    /** The user is away with {@code away}, or back if it is empty; only dialects that show it tell. */
    record AwayChanged(User user, String away) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.awayChanged(this);
        }
    }

    /** The user's real name is now {@code realName}; only dialects that show it tell. */
    record RealNameChanged(User user, String realName) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.realNameChanged(this);
        }
    }

    /**
     * {@code user} invited {@code to} into {@code room}, as the room's members see it (the invited
     * user is told by {@link Invited}); only dialects that show it tell.
     */
    record InviteSeen(User user, Room room, User to) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.inviteSeen(this);
        }
    }

    /**
     * A message to those of a room with a standing: its operators, and its voiced members too if
     * {@code voicedToo} (IRC's {@code PRIVMSG @#room} and {@code +#room}). Not kept in history;
     * only dialects that show standings tell it.
     */
    record StatusMessage(User user, Room room, boolean voicedToo, Kind kind, String text, long millis, String id,
                         String tags) implements ChatEvent {
        public ByteBuffer encodeWith(EventEncoder encoder) {
            return encoder.statusMessage(this);
        }

        @Override
        public boolean isMessage() {
            return true;
        }
    }
}
