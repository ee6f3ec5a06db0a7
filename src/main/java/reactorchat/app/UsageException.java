package reactorchat.app;

/** An operator's mistake on the command line or in the config file: one line, exit status 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
