package reactorchat.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One command's arguments split into the flags given, in order, and its operands. Every command
 * ({@code serve}, {@code client}, {@code simulate}) reads its arguments here, so {@code --flag VALUE}
 * and {@code --flag=VALUE}, boolean and repeated flags, and the wording of a mistake are the same
 * in all of them; each command keeps only its table of flags and what it builds from them.
 *
 * @param <F> the command's flag type: an enum of settings, or {@link Named} from a {@link #table}
 */
public final class CommandLine<F extends CommandLine.Flag> {
    /** One entry of a command's table of flags. */
    public interface Flag {
        /** The flag without its dashes: {@code max-line}. */
        String key();

        /**
         * What follows the flag as the help writes it, one word per value: {@code BYTES}, or
         * {@code NICK PATH} for a flag of two values; empty for a flag that takes none.
         */
        String argument();
    }

    /** A flag that is only its key and argument. */
    public record Named(String key, String argument) implements Flag {
    }

    /**
     * A table of flags written as the help writes them, without dashes: {@code "nick NAME"},
     * {@code "send-file NICK PATH"}, {@code "once"}; its lookup gives null for a key not in it.
     */
    public static Function<String, Flag> table(String... flags) {
        Map<String, Flag> byKey = new HashMap<>();
        for (String flag : flags) {
            int space = flag.indexOf(' ');
            String key = space < 0 ? flag : flag.substring(0, space);
            byKey.put(key, new Named(key, space < 0 ? "" : flag.substring(space + 1)));
        }
        return byKey::get;
    }

    private final List<Given<F>> given = new ArrayList<>();
    private final List<String> operands = new ArrayList<>();
    private final String help;

    private CommandLine(String help) {
        this.help = help;
    }

    /**
     * Splits {@code args}. An argument beginning with a dash is a flag; anything else is an operand.
     * A flag's value follows an {@code =}, or is the next argument unless that is a flag itself:
     * then the value was forgotten, and taking the next flag as it would hide the mistake.
     *
     * @param flags       the flag of a key as typed (a former name may lead to its new flag); null if unknown
     * @param maxOperands how many operands the command takes
     * @param help        where the user learns more, for the errors: {@code client --help}
     * @throws IllegalArgumentException naming the first mistake
     */
    public static <F extends Flag> CommandLine<F> parse(List<String> args, Function<String, F> flags, int maxOperands,
                                                        String help) {
        CommandLine<F> parsed = new CommandLine<>(help);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("-") && arg.length() > 1) {
                i = parsed.flag(args, i, flags);
            } else if (parsed.operands.size() < maxOperands) {
                parsed.operands.add(arg);
            } else {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (see " + help + ")");
            }
        }
        return parsed;
    }

    /** Reads the flag at {@code args[at]} with its values; returns the index of its last value. */
    private int flag(List<String> args, int at, Function<String, F> flags) {
        String arg = args.get(at);
        int equals = arg.indexOf('=');
        String written = equals < 0 ? arg : arg.substring(0, equals);
        F flag = written.startsWith("--") ? flags.apply(written.substring(2)) : null;
        if (flag == null) {
            throw new IllegalArgumentException("unknown option " + written + " (see " + help + ")");
        }
        String shape = written + " " + flag.argument();
        int arity = flag.argument().isEmpty() ? 0 : flag.argument().split(" ").length;
        List<String> values = new ArrayList<>();
        if (equals >= 0) {
            if (arity != 1) {
                String count = arity == 0 ? "no value" : arity == 2 ? "two values" : arity + " values";
                throw new IllegalArgumentException(written + " takes " + count + ": " + shape.strip());
            }
            values.add(arg.substring(equals + 1));
        }
        int next = at;
        while (values.size() < arity) {
            if (++next == args.size() || args.get(next).startsWith("--")) {
                // One value or several: each wording is the one its command has always printed.
                throw new IllegalArgumentException(arity == 1 ? written + " needs a value: " + shape
                        : "missing value: " + shape);
            }
            values.add(args.get(next));
        }
        given.add(new Given<>(flag, written.substring(2), List.copyOf(values)));
        return next;
    }

    /** The flags given, in the order given; a repeated flag once per time. */
    public List<Given<F>> given() {
        return given;
    }

    /** The arguments that are not flags or their values, in order. */
    public List<String> operands() {
        return operands;
    }

    /**
     * One flag as given.
     *
     * @param typed  its key as typed, which may be a former name
     * @param values its values, as many as its argument has words
     */
    public record Given<F>(F flag, String typed, List<String> values) {
        /** The flag as typed, with its dashes, to name it in an error. */
        public String name() {
            return "--" + typed;
        }

        public String value() {
            return values.get(0);
        }

        public int integer(int min, int max) {
            return Numbers.flagInteger(name(), value(), min, max);
        }

        public double decimal(double min, double max) {
            return Numbers.flagDecimal(name(), value(), min, max);
        }
    }
}
