package reactorchat.chat;

/**
 * The rules a room's operators can switch on and off, and the standing they can give members.
 * Dialects choose how to write them (IRC uses its mode letters); the chat only enforces them.
 */
public enum RoomMode {
    /** Only members may send messages to the room. On for a new room. */
    NO_EXTERNAL(Argument.NONE),
    /** Only operators may change the topic. On for a new room. */
    TOPIC_LOCK(Argument.NONE),
    /** Only operators and voiced members may send messages to the room. */
    MODERATED(Argument.NONE),
    /** Only invited users may join. */
    INVITE_ONLY(Argument.NONE),
    /** The room is not shown to people outside it: not listed, its members not named. */
    SECRET(Argument.NONE),
    /**
     * No message may ask its readers' programs to answer: a text led by {@code \u0001} (IRC's CTCP:
     * a PING or VERSION to a room makes every member's client reply at once). Actions still pass.
     */
    NO_CTCP(Argument.NONE),
    /** Joining needs this word; the argument is the word. */
    KEY(Argument.TEXT),
    /** At most this many members; the argument is the number. */
    LIMIT(Argument.TEXT),
    /** The member named in the argument may moderate the room. */
    OPERATOR(Argument.MEMBER),
    /** The member named in the argument may speak in a moderated room. */
    VOICE(Argument.MEMBER),
    /** Users who match the {@link Mask} in the argument may not join. */
    BAN(Argument.MASK),
    /** Users who match the mask in the argument may join despite a ban. */
    BAN_EXCEPTION(Argument.MASK),
    /** Users who match the mask in the argument may join an invite-only room uninvited. */
    INVITE_EXCEPTION(Argument.MASK);

    /** What the argument of a change names. */
    public enum Argument { NONE, TEXT, MEMBER, MASK }

    public final Argument argument;

    RoomMode(Argument argument) {
        this.argument = argument;
    }

    /**
     * One change asked for or made: {@code argument} is empty for modes without one and for removing
     * a limit.
     */
    public record Change(RoomMode mode, boolean on, String argument) {
    }
}
