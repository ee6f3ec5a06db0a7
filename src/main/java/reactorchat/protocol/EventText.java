package reactorchat.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import reactorchat.chat.ChatEvent;
import reactorchat.chat.RoomMode;

/**
 * Plain-English text for the chat events that the line and frame dialects show as notices, so
 * that a person reading either sees the same words.
 */
public final class EventText {
    private EventText() {
    }

    public static String topicChanged(ChatEvent.TopicChanged event) {
        String topic = event.topic();
        return event.user().nick() + (topic.isEmpty() ? " cleared the topic of " + event.room().name()
                : " set the topic of " + event.room().name() + ": " + topic);
    }

    public static String modesChanged(ChatEvent.ModesChanged event) {
        List<String> words = new ArrayList<>();
        for (RoomMode.Change change : event.changes()) {
            String name = change.mode().name().toLowerCase(Locale.ROOT).replace('_', '-');
            boolean shown = switch (change.mode().argument) {
                case MEMBER, MASK -> true;
                case TEXT -> change.mode() == RoomMode.LIMIT && change.on(); // a key stays secret
                case NONE -> false;
            };
            words.add((change.on() ? "+" : "-") + name + (shown ? " " + change.argument() : ""));
        }
        return event.user().nick() + " changed the rules of " + event.room().name() + ": " + String.join(", ", words);
    }
}
