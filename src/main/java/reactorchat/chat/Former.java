package reactorchat.chat;

/** Someone who had a nick: a user who has since quit or changed it, as they were then ({@link Chat#formerly}). */
public record Former(String nick, String ident, String host, String realName, long millis) {
}
