package reactorchat.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntPredicate;

/**
 * Turns untrusted text into text that is safe to show to other people: no control characters,
 * and no invisible or bidirectional formatting characters that could disguise a name or reorder
 * what follows a message on the reader's screen. Also the one strict check of UTF-8, for the
 * formats that refuse what is not.
 */
public final class Text {
    /** How deep free text may nest bidi embeddings and isolates; deeper openers are dropped. */
    static final int MAX_BIDI_DEPTH = 16;
    /** Longest echo of a client's input in an error: enough to recognise it, never a whole line. */
    public static final int MAX_ECHO = 64;
    /**
     * Longest error message a dialect sends: the server's own words, an echo and a rule fit, while
     * an echo the session did not cut (a 64 KB nick) cannot come back whole.
     */
    public static final int MAX_ERROR = 200;

    private static final char PDF = '\u202C';
    private static final char PDI = '\u2069';

    private Text() {
    }

    /** Whether {@code bytes[offset, offset + length)} is strict UTF-8 (RFC 3629: no overlong forms, no surrogates). */
    public static boolean isUtf8(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end && bytes[i] >= 0) {
            i++;
        }
        if (i == end) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, i, end - i));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * Decodes UTF-8, each malformed sequence becoming U+FFFD, removes every control character
     * but tab (C0, DEL and C1), so that no one can put a line break or a terminal escape into what
     * others see, and then makes it {@link #isolated}.
     */
    public static String clean(byte[] bytes, int offset, int length) {
        String decoded = new String(bytes, offset, length, StandardCharsets.UTF_8);
        int firstControl = firstControl(decoded);
        if (firstControl < 0) {
            return isolated(decoded);
        }
        StringBuilder clean = new StringBuilder(decoded.length());
        clean.append(decoded, 0, firstControl);
        for (int i = firstControl; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (!isControl(c)) {
                clean.append(c);
            }
        }
        return isolated(clean.toString());
    }

    /** {@link #clean} for text already decoded, e.g. from another dialect. */
    public static String clean(String text) {
        if (firstControl(text) < 0) {
            return isolated(text);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return clean(bytes, 0, bytes.length);
    }

    /**
     * Free text (a message, a topic, a reason) whose bidi controls cannot reach past its end: every
     * embedding, override or isolate it opens (U+202A, 202B, 202D, 202E, 2066-2068) is closed at
     * its end (PDF U+202C, PDI U+2069), and a closer with nothing of this text to close is dropped,
     * so it cannot close what the reader's screen opened around it. They are balanced rather than
     * removed because right-to-left writers need them inside their own text. Line and paragraph
     * separators (U+2028, U+2029) are removed as CR and LF are, and so is U+FEFF, which has no use
     * inside text. Zero-width spaces, joiners and direction marks (U+200B-200F) stay: scripts and
     * emoji sequences need them, and they reorder nothing beyond their neighbours.
     */
    public static String isolated(String text) {
        int first = first(text, Text::isBidiFormat);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 4).append(text, 0, first);
        StringBuilder open = new StringBuilder(); // the closer each open level needs, innermost last
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u2028' || c == '\u2029' || c == '\uFEFF') {
                continue;
            }
            if (isEmbedding(c) || isIsolate(c)) {
                if (open.length() < MAX_BIDI_DEPTH) {
                    open.append(isIsolate(c) ? PDI : PDF);
                    out.append(c);
                }
            } else if (c == PDF) {
                if (open.length() > 0 && open.charAt(open.length() - 1) == PDF) {
                    open.setLength(open.length() - 1);
                    out.append(c);
                }
            } else if (c == PDI) {
                int isolate = open.lastIndexOf(String.valueOf(PDI));
                if (isolate >= 0) {
                    open.setLength(isolate); // a PDI also ends the embeddings opened inside its isolate
                    out.append(c);
                }
            } else {
                out.append(c);
            }
        }
        return out.append(open.reverse()).toString();
    }

    /**
     * A name (a file name, a mask) without any bidi control or invisible character, so that it
     * reads as what it is: {@code invoice<U+202E>fdp.exe} would show as "invoiceexe.pdf".
     */
    public static String name(String name) {
        int first = first(name, Text::isHiddenInName);
        if (first < 0) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length()).append(name, 0, first);
        for (int i = first; i < name.length(); i++) {
            if (!isHiddenInName(name.charAt(i))) {
                out.append(name.charAt(i));
            }
        }
        return out.toString();
    }

    /** A client's input as an error repeats it: {@link #excerpt} of {@link #MAX_ECHO} characters. */
    public static String echo(String input) {
        return excerpt(input, MAX_ECHO);
    }

    /**
     * At most {@code max} characters of {@code text} (code points, never half a pair), followed by
     * an ellipsis if any were left out.
     */
    public static String excerpt(String text, int max) {
        if (text.length() <= max || text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max)) + "\u2026";
    }

    private static boolean isBidiFormat(int c) {
        return isEmbedding(c) || isIsolate(c) || c == PDF || c == PDI || c == '\u2028' || c == '\u2029'
                || c == '\uFEFF';
    }

    private static boolean isHiddenInName(int c) {
        return isBidiFormat(c) || (c >= '\u200B' && c <= '\u200F');
    }

    /** LRE, RLE, LRO, RLO: each needs a PDF. */
    private static boolean isEmbedding(int c) {
        return c == '\u202A' || c == '\u202B' || c == '\u202D' || c == '\u202E';
    }

    /** LRI, RLI, FSI: each needs a PDI. */
    private static boolean isIsolate(int c) {
        return c >= '\u2066' && c <= '\u2068';
    }

    private static int firstControl(String text) {
        return first(text, Text::isControl);
    }

    /** The index of the first character of {@code text} that is {@code wanted}, or -1. */
    private static int first(String text, IntPredicate wanted) {
        for (int i = 0; i < text.length(); i++) {
            if (wanted.test(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isControl(int c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f);
    }
}
