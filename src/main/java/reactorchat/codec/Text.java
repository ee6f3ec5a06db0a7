package reactorchat.codec;

import java.nio.charset.StandardCharsets;

/** Turns untrusted line bytes into text that is safe to show to other people. */
public final class Text {
    private Text() {
    }

    /**
     * Decodes UTF-8, each malformed sequence becoming U+FFFD, and removes every control character
     * but tab (C0, DEL and C1), so that no one can put a line break or a terminal escape into what
     * others see.
     */
    public static String clean(byte[] bytes, int offset, int length) {
        String decoded = new String(bytes, offset, length, StandardCharsets.UTF_8);
        int firstControl = firstControl(decoded);
        if (firstControl < 0) {
            return decoded;
        }
        StringBuilder clean = new StringBuilder(decoded.length());
        clean.append(decoded, 0, firstControl);
        for (int i = firstControl; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (!isControl(c)) {
                clean.append(c);
            }
        }
        return clean.toString();
    }

    /** {@link #clean} for text already decoded, e.g. from another dialect. */
    public static String clean(String text) {
        if (firstControl(text) < 0) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return clean(bytes, 0, bytes.length);
    }

    private static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f);
    }
}
