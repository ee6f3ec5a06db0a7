package reactorchat.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import reactorchat.reactor.DrivenLoop;

/**
 * What one peer has received from a text dialect, cut into lines as they complete, each checked
 * against what that dialect promises of every line it sends. Plain checks rather than assertions:
 * the fuzz targets run them on every line, millions of times. No regular expressions either: the
 * fuzzer hooks every step of the JDK's regex engine, which made them most of the irc target's time.
 */
public final class ReceivedLines {

    /** What every line of a dialect must be. */
    public enum Rule {
        /**
         * The line dialect: UTF-8, no control character but tab, LF at the end, and at most three
         * times the longest line a user may send (a byte that is not UTF-8 comes out as the three
         * bytes of U+FFFD) plus room for the nick, time and wording around it.
         */
        LINE {
            @Override
            String problem(byte[] line, String text, int maxLineBytes) {
                if (line.length > 3 * maxLineBytes + 512) {
                    return "longer than " + (3 * maxLineBytes + 512) + " bytes";
                }
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f) {
                        return "has control character " + (int) c;
                    }
                }
                return null;
            }
        },
        /**
         * IRC: at most 512 bytes with its CRLF, no NUL, CR or LF before it, a command after the
         * source. A relayed PRIVMSG or NOTICE may be longer by its {@code :nick!user@host } source
         * and one byte, which docs/protocol.md allows: a client's full-length message is relayed
         * whole, and one whose one-word text left out its colon gains one.
         */
        IRC {
            @Override
            String problem(byte[] line, String text, int maxLineBytes) {
                int allowed = 512 + relayedSourceLength(text);
                if (line.length > allowed) {
                    return "longer than " + allowed + " bytes";
                }
                if (text.indexOf('\0') >= 0 || text.indexOf('\r') != text.length() - 1) {
                    return "has a NUL or CR, or does not end in CRLF";
                }
                return isIrcMessage(text.substring(0, text.length() - 1)) ? null : "is not an IRC message";
            }

            /**
             * For a PRIVMSG or NOTICE from a user, the length of its {@code :nick!user@host }
             * source (printable ASCII, as many bytes as characters) plus one; otherwise 0.
             */
            private static int relayedSourceLength(String text) {
                int space = text.indexOf(' ');
                if (!text.startsWith(":") || space < 0
                        || !text.startsWith("PRIVMSG ", space + 1) && !text.startsWith("NOTICE ", space + 1)) {
                    return 0;
                }
                for (int i = 1; i < space; i++) {
                    if (text.charAt(i) < 0x21 || text.charAt(i) > 0x7e) {
                        return 0;
                    }
                }
                int bang = text.indexOf('!', 2);
                int at = text.lastIndexOf('@', space - 2);
                boolean userAndHost = bang > 0 && bang < space && at >= bang + 2;
                return userAndHost ? space + 2 : 0;
            }

            /** An optional {@code :source } and then a command of capitals or digits, alone or before a space. */
            private static boolean isIrcMessage(String message) {
                int at = 0;
                if (message.startsWith(":")) {
                    at = message.indexOf(' ') + 1;
                    if (at < 3) {
                        return false;
                    }
                }
                int end = at;
                while (end < message.length() && (message.charAt(end) >= 'A' && message.charAt(end) <= 'Z'
                        || message.charAt(end) >= '0' && message.charAt(end) <= '9')) {
                    end++;
                }
                return end > at && (end == message.length() || message.charAt(end) == ' ');
            }
        };

        /** What is wrong with {@code line}, whose text (without its LF) is {@code text}; null if nothing. */
        abstract String problem(byte[] line, String text, int maxLineBytes);
    }

    private final Rule rule;
    private final int maxLineBytes;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    public ReceivedLines(Rule rule, int maxLineBytes) {
        this.rule = rule;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * After a fuzz target's step: what each of {@code loop}'s peers has received since the last
     * look goes to its own checker (peer i's to {@code received.get(i)}), and every queue must be
     * within its limits.
     */
    public static void checkStep(DrivenLoop loop, List<ReceivedLines> received) {
        for (int i = 0; i < received.size(); i++) {
            received.get(i).take(loop.peers().get(i).received());
        }
        loop.assertOutputWithinLimits();
    }

    /** Takes bytes as they arrive and checks each line they complete. */
    public void take(byte[] bytes) {
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                partial.write(bytes, start, i + 1 - start);
                check(partial.toByteArray());
                partial.reset();
                start = i + 1;
            }
        }
        partial.write(bytes, start, bytes.length - start);
    }

    private void check(byte[] line) {
        String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(line, 0, line.length - 1)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("a line that is not UTF-8: " + new String(line, StandardCharsets.UTF_8), e);
        }
        String problem = rule.problem(line, text, maxLineBytes);
        if (problem != null) {
            throw new AssertionError("a line " + problem + ": " + text);
        }
    }
}
