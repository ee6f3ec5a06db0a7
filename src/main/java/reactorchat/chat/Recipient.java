package reactorchat.chat;

/** The dialect side of a user: how chat events reach them. */
public interface Recipient {
    /**
     * Delivers one event. {@code shared} gives the event's bytes in the recipient's dialect,
     * encoded once for everyone who receives this event in that dialect.
     */
    void receive(ChatEvent event, SharedEncoding shared);

    /** Whether this user's dialect can take files ({@link Transfers}); others only hear of offers. */
    default boolean receivesFiles() {
        return false;
    }

    /** A transfer this user is part of was accepted, declined, cancelled (why: {@code reason}) or completed. */
    default void transferChanged(Transfer transfer, Transfer.Change change, String reason) {
    }
}
