package reactorchat.sim;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Rows of a printed report: a name padded to the report's width, then its value. */
final class TableRows {
    private TableRows() {
    }

    static void row(StringBuilder t, int width, String name, String value) {
        t.append(String.format(Locale.ROOT, "%-" + width + "s %s%n", name, value));
    }

    /** One row per reason, with how many times it happened. */
    static void reasons(StringBuilder t, int width, String name, Map<String, Integer> reasons) {
        reasons.forEach((reason, count) -> row(t, width, name, String.format(Locale.ROOT, "%,d x %s", count, reason)));
    }

    /** The last rows: what the OS refused, if it did, and the verdict. */
    static void verdict(StringBuilder t, int width, String osLimit, List<String> problems) {
        if (osLimit != null) {
            row(t, width, "OS limit", osLimit);
        }
        row(t, width, "result", problems.isEmpty() ? "clean" : "PROBLEMS: " + String.join(", ", problems));
    }
}
