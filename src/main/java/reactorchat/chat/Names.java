package reactorchat.chat;

import java.util.Locale;

/**
 * The rules for nicks and room names, and the one way they are compared: ignoring case, with
 * RFC 1459's mapping in which {@code []\~} are the lower case of {@code {}|^}, so that a nick is
 * the same person to every dialect, IRC included.
 */
public final class Names {
    public static final int MAX_NICK_LENGTH = 32;
    public static final int MAX_ROOM_LENGTH = 32;
    public static final String NICK_RULE = "1-" + MAX_NICK_LENGTH + " of letters, digits and -_[]{}|^";
    public static final String ROOM_RULE = "1-" + MAX_ROOM_LENGTH + " of letters, digits and -_.[]{}|^";

    private Names() {
    }

    public static boolean isValidNick(String nick) {
        return isValid(nick, MAX_NICK_LENGTH, "-_[]{}|^");
    }

    public static boolean isValidRoom(String room) {
        return isValid(room, MAX_ROOM_LENGTH, "-_.[]{}|^");
    }

    /** The key under which a nick or room is unique. */
    public static String fold(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.indexOf('[') < 0 && lower.indexOf(']') < 0 && lower.indexOf('\\') < 0 && lower.indexOf('~') < 0) {
            return lower;
        }
        return lower.replace('[', '{').replace(']', '}').replace('\\', '|').replace('~', '^');
    }

    private static boolean isValid(String name, int maxLength, String punctuation) {
        if (name == null || name.isEmpty() || name.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && punctuation.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
