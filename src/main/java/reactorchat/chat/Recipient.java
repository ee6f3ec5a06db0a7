package reactorchat.chat;

/** The dialect side of a user: how chat events reach them. */
public interface Recipient {
    /**
     * Delivers one event. {@code shared} gives the event's bytes in the recipient's dialect,
     * encoded once for everyone who receives this event in that dialect.
     */
    void receive(ChatEvent event, SharedEncoding shared);
}
