package reactorchat.protocol.irc;

import reactorchat.chat.User;

/**
 * What a WHOX query ({@code WHO mask %fields[,token]}, IRCv3 WHOX) asks for: which fields each
 * 354 reply holds, always in the order {@code tcuihsnfdlaor} whatever order they were asked in,
 * and the token that marks the replies as answers to this query.
 *
 * @param fields the field letters asked for that this server knows
 * @param token  up to three digits given with {@code t}; "0" if none was
 */
record Whox(String fields, String token) {
    /** Every field, in reply order. */
    private static final String ORDER = "tcuihsnfdlaor";
    /** What others are shown for an address they may not know. */
    static final String HIDDEN_IP = "255.255.255.255";

    /** The query a WHO's second parameter makes, or null if it is not one (plain WHO, or {@code o} alone). */
    static Whox parse(String parameter) {
        if (!parameter.startsWith("%")) {
            return null;
        }
        int comma = parameter.indexOf(',');
        String asked = parameter.substring(1, comma < 0 ? parameter.length() : comma);
        String token = comma < 0 ? "" : parameter.substring(comma + 1);
        StringBuilder fields = new StringBuilder();
        for (char field : ORDER.toCharArray()) {
            if (asked.indexOf(field) >= 0) {
                fields.append(field);
            }
        }
        return new Whox(fields.toString(), token.matches("[0-9]{1,3}") ? token : "0");
    }

    /** The 354's parameters for {@code user} seen in {@code channel} ({@code *} for none); the real name last. */
    String reply(String channel, User user, String ip, String server, String flags) {
        StringBuilder reply = new StringBuilder();
        for (char field : fields.toCharArray()) {
            String value = switch (field) {
                case 't' -> token;
                case 'c' -> channel;
                case 'u' -> user.ident();
                case 'i' -> ip;
                case 'h' -> user.host();
                case 's' -> server;
                case 'n' -> user.nick();
                case 'f' -> flags;
                case 'd' -> "0"; // hops: there is one server
                case 'l' -> "0"; // idle seconds: not kept
                case 'a' -> "0"; // account: there are none
                case 'o' -> "n/a"; // channel op level: not a thing here
                default -> ":" + user.realName(); // 'r', last in the order, the one that may hold spaces
            };
            reply.append(reply.length() == 0 ? "" : " ").append(value);
        }
        return reply.toString();
    }
}
