package reactorchat.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * What an operator may set for every chat dialect's sessions alike.
 *
 * @param password              what a client must give before it is a chat user, in its
 *                              dialect's way (line: a {@code /pass} line; irc: PASS; frame: a PASS
 *                              frame); empty means none is needed
 * @param partialTimeoutSeconds how long a line without its newline, or a frame started and not
 *                              finished, may stay unfinished before the connection is told and
 *                              closed (a client that trickles a message holds server memory and a
 *                              connection slot); 0 means never
 * @param input                 the line length and the flood budget; the line dialect's lines
 *                              obey the first, every chat dialect's messages the second
 */
public record SessionOptions(String password, int partialTimeoutSeconds, InputLimits input) {
    public static final SessionOptions DEFAULTS = new SessionOptions("", 30, InputLimits.DEFAULTS);

    public SessionOptions {
        if (partialTimeoutSeconds < 0) {
            throw new IllegalArgumentException("partial-timeout must be 0 (never) or more");
        }
    }

    public boolean needsPassword() {
        return !password.isEmpty();
    }

    /** Says whether a password is set, never which: a record's own text would show it wherever options are printed. */
    @Override
    public String toString() {
        return "SessionOptions[password=" + (needsPassword() ? "(set)" : "(none)") + ", partialTimeoutSeconds="
                + partialTimeoutSeconds + ", input=" + input + "]";
    }

    /** Whether {@code given} is the password; compared in constant time, so timing tells a guesser nothing. */
    public boolean isPassword(String given) {
        return MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
