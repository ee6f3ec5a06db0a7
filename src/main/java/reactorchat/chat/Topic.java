package reactorchat.chat;

/** What a room is about, who said so and when. */
public record Topic(String text, String setBy, long millis) {
    /** Longest topic kept, in characters; a longer one is cut. */
    public static final int MAX_LENGTH = 390;
}
