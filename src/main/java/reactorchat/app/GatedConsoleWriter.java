package reactorchat.app;

import java.util.Collection;
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
 */
public final class GatedConsoleWriter implements Writer {
    private static volatile Level minimum = Level.INFO;

    private final ConsoleWriter console;

    public GatedConsoleWriter(Map<String, String> properties) {
        this.console = new ConsoleWriter(properties);
    }

    /** Sets the least severe level written: trace, debug, info, warn, error or off. */
    static void setLevel(String level) {
        minimum = Level.valueOf(level.toUpperCase(Locale.ROOT));
    }

    @Override
    public Collection<LogEntryValue> getRequiredLogEntryValues() {
        return console.getRequiredLogEntryValues();
    }

    @Override
    public void write(LogEntry entry) throws Exception {
        if (entry.getLevel().ordinal() >= minimum.ordinal()) {
            console.write(entry);
        }
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
