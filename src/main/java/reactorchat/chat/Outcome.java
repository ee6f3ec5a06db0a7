package reactorchat.chat;

/** The outcome of an action in a room: done, or the rule that stopped it. */
public enum Outcome {
    DONE,
    /** The actor is not in the room (or, for a message, the room takes none from outside). */
    NOT_MEMBER,
    /** Only the room's operators (for a kill, a server operator) may do this. */
    NOT_OPERATOR,
    /** The room is moderated and the sender is neither operator nor voiced. */
    MODERATED,
    /** The room refuses messages that ask readers' programs to answer ({@link RoomMode#NO_CTCP}). */
    NO_CTCP,
    /** The user acted upon is not in the room. */
    TARGET_NOT_MEMBER,
    /** The user acted upon is already in the room. */
    TARGET_MEMBER,
    /** The chat holds as much of this as it may: a total cap or the memory budget ({@link ChatTotals}). */
    OVER_CAPACITY
}
