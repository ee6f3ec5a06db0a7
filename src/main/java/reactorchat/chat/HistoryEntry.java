package reactorchat.chat;

import reactorchat.chat.ChatEvent.Kind;

/**
 * One message kept in a room's history: when it was said (epoch milliseconds), its id, who said it
 * ({@code nick!ident@host} as others were shown it then), how, and what. {@code room} is the room's
 * name as it was written when the message was said.
 */
public record HistoryEntry(String room, long millis, String id, String source, Kind kind, String text) {
    /** The sender's nick, the part of {@link #source} before its {@code !}. */
    public String nick() {
        int bang = source.indexOf('!');
        return bang < 0 ? source : source.substring(0, bang);
    }

    static HistoryEntry of(ChatEvent.RoomMessage message) {
        User from = message.user();
        return new HistoryEntry(message.room().name(), message.millis(), message.id(),
                from.nick() + "!" + from.ident() + "@" + from.host(), message.kind(), message.text());
    }
}
