package reactorchat.chat;

/** The outcome of asking to join a room; a refusal says why in the words line and frame users read. */
public enum JoinResult {
    JOINED(null), ALREADY_THERE(null), INVALID(null),
    INVITE_ONLY("it is invite-only"),
    BAD_KEY("it needs a key"),
    FULL("it is full"),
    BANNED("you are banned from it"),
    /** A new room, and the chat holds as many as it may ({@link ChatTotals}). */
    TOO_MANY_ROOMS("the server holds as many rooms as it may"),
    /** The user is in {@link User#MAX_ROOMS} rooms already. */
    TOO_MANY_JOINED("you are in " + User.MAX_ROOMS + " rooms already"),
    /** One more room for a user in some already, and the chat's state has no room for it ({@link ChatTotals}). */
    NO_ROOM_FOR_MEMBER("the server holds as much chat state as it may");

    private final String why;

    JoinResult(String why) {
        this.why = why;
    }

    /** "cannot join ROOM: why", for a result that turned the user away at the door. */
    public String refusal(String roomName) {
        if (why == null) {
            throw new IllegalStateException(this + " is no refusal");
        }
        return "cannot join " + roomName + ": " + why;
    }
}
