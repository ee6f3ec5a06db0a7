package reactorchat.chat;

import java.security.SecureRandom;

/**
 * Names each message the chat carries, once, so every dialect shows the same id for it and history
 * can be asked for "before this one". An id is a random prefix drawn when the chat starts and a
 * counter, both in lowercase base32 (letters and 2-7, safe in every dialect's fields and in IRC tag
 * values): the counter makes ids unique within a run, and 64 random bits make a run's prefix all but
 * certainly unlike any earlier run's, whose ids a journal may still hold.
 */
public final class MessageIds {
    private static final char[] DIGITS = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int PREFIX_DIGITS = 13; // 13 × 5 bits ≥ 64

    private final String prefix;
    private long counter;

    public MessageIds() {
        this(new SecureRandom().nextLong());
    }

    /** Ids under a chosen prefix, for tests that need to know them. */
    MessageIds(long prefixBits) {
        StringBuilder text = new StringBuilder(PREFIX_DIGITS);
        long bits = prefixBits;
        for (int i = 0; i < PREFIX_DIGITS; i++) {
            text.append(DIGITS[(int) (bits & 31)]);
            bits >>>= 5;
        }
        this.prefix = text.toString();
    }

    /** A new id, never given before by this instance. */
    public String next() {
        StringBuilder text = new StringBuilder(PREFIX_DIGITS + 4).append(prefix);
        long n = counter++;
        do {
            text.append(DIGITS[(int) (n & 31)]);
            n >>>= 5;
        } while (n != 0);
        return text.toString();
    }
}
