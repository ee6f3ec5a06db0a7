package reactorchat.protocol.irc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One client line, parsed as RFC 1459 section 2.3.1 and modern.ircdocs.horse describe it:
 * {@code [@tags] [:prefix] COMMAND [middle ...] [:trailing]}. A prefix is read past and ignored:
 * the server knows who the client is. Of the tags (IRCv3 message-tags) only the client-only ones
 * ({@code +name}), to be relayed, and {@code label} (labeled-response) are kept.
 *
 * @param clientTags the client-only tags, {@code +a=1;+b} as the client escaped them, each name once
 *                   (the last value given wins); empty if none
 * @param label      the {@code label} tag's value as given (escaped), empty if none or longer than {@link #MAX_LABEL}
 */
record IrcMessage(String command, List<String> params, String clientTags, String label) {
    /** RFC 2812 section 2.3: at most 14 middle parameters and a trailing one. */
    static final int MAX_PARAMS = 15;
    /** Longest label echoed back; the spec asks clients for far shorter ones. */
    static final int MAX_LABEL = 64;
    /** A client-only tag's name: {@code +}, an optional vendor ({@code example.com/}), then letters, digits and hyphens. */
    private static final Pattern TAG_NAME = Pattern.compile("\\+([A-Za-z0-9.-]+/)?[A-Za-z0-9-]+");

    IrcMessage(String command, List<String> params) {
        this(command, params, "", "");
    }

    /**
     * Parses a line without its CRLF; null if it holds no command. NUL and stray CR are removed
     * first (RFC 2812 section 2.3.1 forbids both) so no parameter can ever carry them.
     */
    static IrcMessage parse(String line) {
        String text = IrcFormat.safe(line);
        int at = skipSpaces(text, 0);
        String clientTags = "";
        String label = "";
        if (at < text.length() && text.charAt(at) == '@') {
            Map<String, String> tags = tags(text.substring(at + 1, wordEnd(text, at)));
            String given = tags.remove("label");
            label = given != null && !given.isEmpty() && given.length() <= MAX_LABEL ? given : "";
            clientTags = String.join(";", tags.values());
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
        return new IrcMessage(command, params, clientTags, label);
    }

    /**
     * The client-only tags by name, each as {@code name[=value]} escaped as given, and the label's
     * value under {@code label}. Names that are not tag names are left out.
     */
    private static Map<String, String> tags(String section) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : section.split(";")) {
            int equals = tag.indexOf('=');
            String name = equals < 0 ? tag : tag.substring(0, equals);
            String value = equals < 0 ? "" : tag.substring(equals + 1);
            if (name.equals("label")) {
                tags.put(name, value); // echoed back as given, escaped: it is opaque to the server
            } else if (name.length() > 1 && name.charAt(0) == '+' && TAG_NAME.matcher(name).matches()) {
                tags.remove(name); // the last one given wins, in its place
                tags.put(name, value.isEmpty() ? name : name + "=" + value);
            }
        }
        return tags;
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
