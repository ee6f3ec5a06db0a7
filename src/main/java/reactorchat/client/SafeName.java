package reactorchat.client;

import java.nio.charset.StandardCharsets;

/**
 * Turns a file name chosen by someone else into one that is safe to create inside the receiving
 * directory: one plain name, never a path. Only the part after the last {@code /} or {@code \} is
 * kept, so {@code ../../.ssh/authorized_keys} and {@code /etc/passwd} lose their directories;
 * control and invisible formatting characters (such as a right-to-left override that disguises an
 * extension) are removed; characters other systems forbid in names become {@code _}; leading dots
 * go, so no name is {@code .}, {@code ..} or hidden; and the name is cut to fit file systems'
 * 255-byte limit with room left for a {@code " (12)"} suffix.
 */
final class SafeName {
    /** UTF-8 bytes kept: 255 less room for a numbered suffix. */
    static final int MAX_BYTES = 240;
    static final String FALLBACK = "file";

    private SafeName() {
    }

    static String of(String offered) {
        String name = offered.substring(Math.max(offered.lastIndexOf('/'), offered.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                return;
            }
            clean.appendCodePoint(":*?\"<>|".indexOf(c) >= 0 ? '_' : c);
        });
        String result = strip(clean.toString());
        result = strip(fit(result));
        return result.isEmpty() ? FALLBACK : result;
    }

    /** The n-th alternative to a name that is taken: {@code report (1).pdf}, {@code README (2)}. */
    static String numbered(String name, int n) {
        int dot = name.lastIndexOf('.');
        String suffix = " (" + n + ")";
        return dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
    }

    /** Without dots or spaces at the start, nor at the end (where some systems drop them silently). */
    private static String strip(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && (name.charAt(start) == '.' || Character.isWhitespace(name.charAt(start)))) {
            start++;
        }
        while (end > start && (name.charAt(end - 1) == '.' || Character.isWhitespace(name.charAt(end - 1)))) {
            end--;
        }
        return name.substring(start, end);
    }

    /** Cut to {@link #MAX_BYTES} of UTF-8, between characters, keeping a short extension. */
    private static String fit(String name) {
        if (utf8Length(name) <= MAX_BYTES) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String stem = name.substring(0, name.length() - extension.length());
        int budget = MAX_BYTES - utf8Length(extension);
        int end = 0;
        int used = 0;
        while (end < stem.length()) {
            int c = stem.codePointAt(end);
            int size = utf8Length(new String(Character.toChars(c)));
            if (used + size > budget) {
                break;
            }
            used += size;
            end += Character.charCount(c);
        }
        return stem.substring(0, end) + extension;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
