package reactorchat.sim;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How the simulator speaks to a server: what a client sends to register, join and talk, and what
 * each line it receives means. Lines are classified without allocating; {@link #classify} returns
 * the offset of a message's payload, or one of the negative codes below.
 */
enum SimDialect {
    /** reactor-chat's own line dialect: the server names each client on connect; the sender hears itself. */
    LINE("lobby", true) {
        @Override
        byte[] register(String nick) {
            return new byte[0];
        }

        @Override
        byte[] join(String room) {
            return ascii("/join " + room + "\n");
        }

        @Override
        byte[] quit() {
            return ascii("/quit soak\n");
        }

        @Override
        int messagePrefix(byte[] into, String room) {
            return 0;
        }

        @Override
        byte[] terminator() {
            return LF;
        }

        @Override
        int classify(byte[] b, int off, int len) {
            if (startsWith(b, off, len, "! ")) {
                return ERROR;
            }
            if (startsWith(b, off, len, "* ")) {
                if (startsWith(b, off, len, "* welcome to ")) {
                    return REGISTERED;
                }
                if (startsWith(b, off, len, "* history of ")) {
                    return PLAYBACK_START;
                }
                if (startsWith(b, off, len, "* end of history of ")) {
                    return PLAYBACK_END;
                }
                boolean joined = startsWith(b, off, len, "* you are now in ")
                        || startsWith(b, off, len, "* you are already in ");
                return joined ? JOINED : OTHER;
            }
            int close = indexOf(b, off, off + len, (byte) '>');
            return close >= 0 && close + 1 < off + len && b[close + 1] == ' ' ? close + 2 - off : OTHER;
        }
    },

    /**
     * The line dialect over a WebSocket to a web listener: one line per message each way, as the
     * web client speaks it.
     */
    WS("lobby", true) {
        @Override
        byte[] register(String nick) {
            return LINE.register(nick);
        }

        @Override
        byte[] join(String room) {
            return LINE.join(room);
        }

        @Override
        byte[] quit() {
            return LINE.quit();
        }

        @Override
        int messagePrefix(byte[] into, String room) {
            return LINE.messagePrefix(into, room);
        }

        @Override
        byte[] terminator() {
            return LINE.terminator();
        }

        @Override
        int classify(byte[] b, int off, int len) {
            return LINE.classify(b, off, len);
        }
    },

    /** RFC 2812 IRC as ngircd and InspIRCd speak it: a server does not echo a PRIVMSG to its sender. */
    IRC("#lobby", false) {
        @Override
        byte[] register(String nick) {
            return ascii("NICK " + nick + "\r\nUSER " + nick + " 0 * :reactor-chat simulator\r\n");
        }

        @Override
        byte[] join(String room) {
            return ascii("JOIN " + room + "\r\n");
        }

        @Override
        byte[] quit() {
            return ascii("QUIT :soak\r\n");
        }

        @Override
        int messagePrefix(byte[] into, String room) {
            byte[] prefix = ascii("PRIVMSG " + room + " :");
            System.arraycopy(prefix, 0, into, 0, prefix.length);
            return prefix.length;
        }

        @Override
        byte[] terminator() {
            return CRLF;
        }

        @Override
        int classify(byte[] b, int off, int len) {
            int end = off + len;
            int command = off;
            if (len > 0 && b[off] == ':') {
                int space = indexOf(b, off, end, (byte) ' ');
                if (space < 0) {
                    return OTHER;
                }
                command = space + 1;
            }
            int commandLength = command < end ? len - (command - off) : 0;
            if (startsWith(b, command, commandLength, "PRIVMSG ")) {
                int colon = indexOf(b, command, end, (byte) ':');
                // A text led by "[time] " is the server playing a channel's history back on a join:
                // said before this run, so neither a delivery nor a stranger's line.
                return colon < 0 || colon + 1 < end && b[colon + 1] == '[' ? OTHER : colon + 1 - off;
            }
            if (startsWith(b, command, commandLength, "PING")) {
                return PING;
            }
            if (startsWith(b, command, commandLength, "ERROR")) {
                return ERROR;
            }
            return numeric(b, command, commandLength);
        }

        private int numeric(byte[] b, int at, int length) {
            if (length < 4 || b[at + 3] != ' ' || !isDigit(b[at]) || !isDigit(b[at + 1]) || !isDigit(b[at + 2])) {
                return OTHER;
            }
            int code = (b[at] - '0') * 100 + (b[at + 1] - '0') * 10 + (b[at + 2] - '0');
            return switch (code) {
                case 1 -> REGISTERED;
                case 366 -> JOINED; // RPL_ENDOFNAMES: sent to the joiner only, after the join
                case 432, 433, 436 -> NICK_REFUSED;
                default -> code >= 400 && code < 600 ? ERROR : OTHER;
            };
        }
    };

    static final int OTHER = -1;
    static final int REGISTERED = -2;
    static final int JOINED = -3;
    static final int ERROR = -4;
    static final int PING = -5;
    static final int NICK_REFUSED = -6;
    /** The lines between these two are a room's history played back on a join, not this run's messages. */
    static final int PLAYBACK_START = -7;
    static final int PLAYBACK_END = -8;

    private static final byte[] LF = {'\n'};
    private static final byte[] CRLF = {'\r', '\n'};

    private final String defaultRoom;
    /** Whether a room message is delivered to its sender too; this sets how many recipients to expect. */
    final boolean echoesSender;

    SimDialect(String defaultRoom, boolean echoesSender) {
        this.defaultRoom = defaultRoom;
        this.echoesSender = echoesSender;
    }

    static SimDialect named(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dialect must be line, irc or ws, got '" + name + "'");
        }
    }

    String room(String given) {
        return given == null || given.isBlank() ? defaultRoom : given.strip();
    }

    /** Bytes sent as soon as the connection is up (before the server has said anything). */
    abstract byte[] register(String nick);

    abstract byte[] join(String room);

    /** Leaving cleanly; the server answers by closing the connection. */
    abstract byte[] quit();

    /** Writes what comes before a payload in a room message; returns its length. */
    abstract int messagePrefix(byte[] into, String room);

    abstract byte[] terminator();

    /** The payload's offset from {@code off} if the line is a room message, else a negative code. */
    abstract int classify(byte[] b, int off, int len);

    /** The answer to a PING line, {@code [:prefix ]PING token}, echoing its token. */
    static byte[] pong(byte[] b, int off, int len) {
        int command = off;
        if (len > 0 && b[off] == ':') {
            command = indexOf(b, off, off + len, (byte) ' ') + 1;
        }
        int tokenFrom = Math.min(off + len, command + 4);
        return ascii("PONG" + new String(b, tokenFrom, off + len - tokenFrom, StandardCharsets.UTF_8) + "\r\n");
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static boolean startsWith(byte[] b, int off, int len, String prefix) {
        if (len < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[off + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] b, int from, int end, byte wanted) {
        for (int i = from; i < end; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
