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

    /** Someone took a nick this user watches ({@link Watchlist}): they connected, or changed to it. */
    default void watchedOnline(User user) {
    }

    /** A nick this user watches is nobody's any more: its holder quit, or changed to another. */
    default void watchedOffline(String nick) {
    }

    /** A transfer this user is part of was accepted, declined, cancelled (why: {@code reason}) or completed. */
    default void transferChanged(Transfer transfer, Transfer.Change change, String reason) {
    }
}
