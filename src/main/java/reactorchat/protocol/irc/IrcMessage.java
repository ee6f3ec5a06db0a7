package reactorchat.protocol.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One client line, parsed as RFC 1459 section 2.3.1 and modern.ircdocs.horse describe it:
 * {@code [@tags] [:prefix] COMMAND [middle ...] [:trailing]}. Tags and a prefix from a client
 * are read past and ignored; the server knows who the client is.
 */
record IrcMessage(String command, List<String> params) {
    /** RFC 2812 section 2.3: at most 14 middle parameters and a trailing one. */
    static final int MAX_PARAMS = 15;

    /**
     * Parses a line without its CRLF; null if it holds no command. NUL and stray CR are removed
     * first (RFC 2812 section 2.3.1 forbids both) so no parameter can ever carry them.
     */
    static IrcMessage parse(String line) {
        String text = IrcFormat.safe(line);
        int at = skipSpaces(text, 0);
        if (at < text.length() && text.charAt(at) == '@') {
            at = skipSpaces(text, wordEnd(text, at));
        }
        if (at < text.length() && text.charAt(at) == ':') {
            at = skipSpaces(text, wordEnd(text, at));
        }
        int end = wordEnd(text, at);
        if (end == at) {
            return null;
        }
        String command = text.substring(at, end).toUpperCase(Locale.ROOT);
        List<String> params = new ArrayList<>(4);
        at = skipSpaces(text, end);
        while (at < text.length()) {
            if (text.charAt(at) == ':' || params.size() == MAX_PARAMS - 1) {
                params.add(text.substring(text.charAt(at) == ':' ? at + 1 : at));
                break;
            }
            end = wordEnd(text, at);
            params.add(text.substring(at, end));
            at = skipSpaces(text, end);
        }
        return new IrcMessage(command, params);
    }

    int size() {
        return params.size();
    }

    /** The i-th parameter, or empty if there are fewer. */
    String param(int i) {
        return i < params.size() ? params.get(i) : "";
    }

    /**
     * The i-th parameter as a comma-separated list, empty elements left out: {@code ","} is no
     * target at all, so that the handler answers it as a missing parameter instead of silence.
     */
    List<String> list(int i) {
        List<String> elements = new ArrayList<>(2);
        for (String element : param(i).split(",")) {
            if (!element.isEmpty()) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static int skipSpaces(String text, int from) {
        while (from < text.length() && text.charAt(from) == ' ') {
            from++;
        }
        return from;
    }

    private static int wordEnd(String text, int from) {
        int space = text.indexOf(' ', from);
        return space < 0 ? text.length() : space;
    }
}
