package reactorchat.chat;

import java.util.Locale;

/**
 * The rules for nicks and room names, and the one way they are compared: ignoring case, with
 * RFC 1459's mapping (the irc dialect's {@code CASEMAPPING=rfc1459}) in which {@code {}|~} are the
 * lower case of {@code []\^}, so that a nick is the same person and a room the same room to every
 * dialect, IRC included. A sign is allowed only together with its other case, so that a name
 * that may be typed in one case may be typed in all. The one exception is {@code ~}, which
 * RFC 2812 keeps out of nicks (servers with founders show it as a member's prefix in NAMES).
 */
public final class Names {
    public static final int MAX_NICK_LENGTH = 32;
    public static final int MAX_ROOM_LENGTH = 32;
    private static final String NICK_SIGNS = "-_[]\\{}|^";
    private static final String ROOM_SIGNS = "-_.[]\\{}|^~";
    public static final String NICK_RULE = "1-" + MAX_NICK_LENGTH + " of letters, digits and " + NICK_SIGNS;
    public static final String ROOM_RULE = "1-" + MAX_ROOM_LENGTH + " of letters, digits and " + ROOM_SIGNS;

    private Names() {
    }

    public static boolean isValidNick(String nick) {
        return isValid(nick, MAX_NICK_LENGTH, NICK_SIGNS);
    }

    public static boolean isValidRoom(String room) {
        return isValid(room, MAX_ROOM_LENGTH, ROOM_SIGNS);
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
