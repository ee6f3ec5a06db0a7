package reactorchat.cli;

import java.util.Locale;
import java.util.function.IntToLongFunction;

/**
 * The numbers an operator types: counts, seconds, byte sizes ({@code 64k}, {@code 1m}, {@code 1g})
 * and shares ({@code 50%}), checked against their range with errors that say what was wrong.
 *
 * <p>Two wordings, both kept because scripts and tests read them: a setting of {@code serve}
 * (a flag or a config-file key) says which rule it broke ({@code max-line must be from 64 to
 * 1048576, got 10}); a flag of {@code client} or {@code simulate} states its whole rule at once
 * ({@code --clients must be a whole number from 1 to 1000000, got '0'}).
 */
public final class Numbers {
    private Numbers() {
    }

    /** A setting's whole number: {@code 4096}; {@code 10_000} may have separators. */
    public static int wholeNumber(String what, String text, int min, int max) {
        return (int) inRange(what, text, whole(text, false), "a whole number", min, max);
    }

    /** A setting's byte count, plain or with a binary suffix: {@code 4096}, {@code 64k}, {@code 1m}, {@code 1g}. */
    public static long bytes(String what, String text, long min, long max) {
        return inRange(what, text, whole(text, true), "a whole number of bytes (k, m, g allowed)", min, max);
    }

    /**
     * A setting's byte count, or a share of some whole written as a percentage: {@code 25%}.
     *
     * @param share the bytes that a percentage from 1 to 100 stands for
     */
    public static long bytesOrShare(String what, String text, long max, IntToLongFunction share) {
        String trimmed = text.strip();
        if (!trimmed.endsWith("%")) {
            return bytes(what, trimmed, 0, max);
        }
        return share.applyAsLong(wholeNumber(what, trimmed.substring(0, trimmed.length() - 1), 1, 100));
    }

    /** A flag's whole number, for {@link CommandLine.Given#integer}. */
    static int flagInteger(String flag, String text, int min, int max) {
        Long value = whole(text, false);
        if (value == null || value < min || value > max) {
            throw new IllegalArgumentException(flag + " must be a whole number from " + min + " to " + max
                    + ", got '" + text.strip() + "'");
        }
        return value.intValue();
    }

    /** A flag's number, decimals allowed, for {@link CommandLine.Given#decimal}. */
    static double flagDecimal(String flag, String text, double min, double max) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        try {
            double value = Double.parseDouble(trimmed);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new IllegalArgumentException(flag + " must be a number from " + min + " to " + max
                + ", got '" + trimmed + "'");
    }

    private static long inRange(String what, String text, Long value, String kind, long min, long max) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must be " + kind + ", got '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be from " + min + " to " + max + ", got " + text);
        }
        return value;
    }

    /** The number {@code text} says, or null if it is none. */
    private static Long whole(String text, boolean sizeSuffix) {
        String digits = text.strip().toLowerCase(Locale.ROOT).replace("_", "").replace(",", "");
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
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
