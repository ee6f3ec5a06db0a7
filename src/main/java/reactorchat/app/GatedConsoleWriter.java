package reactorchat.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;

import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;
import org.tinylog.writers.ConsoleWriter;
import org.tinylog.writers.Writer;

/**
 * tinylog's console writer behind a level that can change while the server runs: tinylog fixes
 * its own levels when it starts, so it is set to pass everything and this gate decides, which
 * lets SIGHUP change the log level. Named in tinylog.properties.
 *
 * <p>Under systemd (JOURNAL_STREAM is set) it writes each entry as {@code <N>message} on standard
 * output instead: journald stamps the time itself and reads the syslog priority N from the prefix,
 * so levels map to journal priorities.
 */
public final class GatedConsoleWriter implements Writer {
    private static volatile Level minimum = Level.INFO;

    private final ConsoleWriter console;
    private final boolean journal = System.getenv("JOURNAL_STREAM") != null;

    public GatedConsoleWriter(Map<String, String> properties) {
        this.console = new ConsoleWriter(properties);
    }

    /** Sets the least severe level written: trace, debug, info, warn, error or off. */
    static void setLevel(String level) {
        minimum = Level.valueOf(level.toUpperCase(Locale.ROOT));
    }

    @Override
    public Collection<LogEntryValue> getRequiredLogEntryValues() {
        EnumSet<LogEntryValue> values = EnumSet.of(LogEntryValue.LEVEL, LogEntryValue.MESSAGE, LogEntryValue.EXCEPTION);
        values.addAll(console.getRequiredLogEntryValues());
        return values;
    }

    @Override
    public void write(LogEntry entry) throws Exception {
        if (entry.getLevel().ordinal() < minimum.ordinal()) {
            return;
        }
        if (journal) {
            System.out.print(journalLine(entry));
        } else {
            console.write(entry);
        }
    }

    /** {@code <N>message}, N the syslog priority: 3 error, 4 warning, 6 info, 7 debug. */
    static String journalLine(LogEntry entry) {
        int priority = switch (entry.getLevel()) {
            case ERROR -> 3;
            case WARN -> 4;
            case INFO -> 6;
            default -> 7;
        };
        StringBuilder line = new StringBuilder().append('<').append(priority).append('>').append(entry.getMessage());
        Throwable exception = entry.getException();
        if (exception != null) {
            StringWriter trace = new StringWriter();
            exception.printStackTrace(new PrintWriter(trace));
            // One journal entry per line: the trace's lines carry the same priority.
            for (String traceLine : trace.toString().split("\\R")) {
                line.append('\n').append('<').append(priority).append('>').append(traceLine);
            }
        }
        return line.append('\n').toString();
    }

    @Override
    public void flush() throws Exception {
        console.flush();
    }

    @Override
    public void close() throws Exception {
        console.close();
    }
}
