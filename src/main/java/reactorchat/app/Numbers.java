package reactorchat.app;

import java.net.InetSocketAddress;
import java.util.Locale;

import reactorchat.reactor.Limits;

/** Parsing of the numbers and sizes an operator writes, with errors that say what was wrong. */
final class Numbers {
    private Numbers() {
    }

    static int parseInt(String what, String text, int min, int max) {
        return (int) parseLong(what, text, min, max, false);
    }

    /** A byte count, plain or with a binary suffix: {@code 4096}, {@code 64k}, {@code 1m}, {@code 1g}. */
    static long parseBytes(String what, String text, long min, long max) {
        return parseLong(what, text, min, max, true);
    }

    /** A byte count, or a share of the JVM's maximum heap written as a percentage: {@code 25%}. */
    static long parseBytesOrHeapShare(String what, String text) {
        String trimmed = text.strip();
        if (!trimmed.endsWith("%")) {
            return parseBytes(what, trimmed, 0, 1L << 40);
        }
        int percent = parseInt(what, trimmed.substring(0, trimmed.length() - 1), 1, 100);
        return Limits.heapShare(percent);
    }

    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static long parseLong(String what, String text, long min, long max, boolean sizeSuffix) {
        String digits = text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (sizeSuffix && !digits.isEmpty()) {
            switch (digits.charAt(digits.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> unit = 1;
            }
            if (unit > 1) {
                digits = digits.substring(0, digits.length() - 1);
            }
        }
        long value;
        try {
            value = Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(what + " must be a whole number" + (sizeSuffix ? " of bytes (k, m, g allowed)" : "")
                    + ", got '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be from " + min + " to " + max + ", got " + text);
        }
        return value;
    }
}
