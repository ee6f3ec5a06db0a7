package reactorchat.client;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/** The {@code client} command: chat over the line dialect, or send or receive files over the frame dialect. */
public final class Client {
    public static final int OK = 0;
    /** The server could not be reached, or the connection broke. */
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** A transfer did not complete: declined, cancelled, refused, or its hash did not match. */
    public static final int INCOMPLETE = 3;

    private Client() {
    }

    /**
     * Runs {@code client ARGS}: {@code typed} is what the user types (standard input), the
     * server's lines go to {@code out}, errors and progress to {@code err}.
     *
     * @param terminal whether {@code err} is a terminal, for the progress bar's default style
     */
    public static int run(List<String> args, InputStream typed, PrintStream out, PrintStream err, boolean terminal) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(ClientOptions.USAGE);
            return OK;
        }
        ClientOptions options;
        try {
            options = ClientOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("reactor-chat client: " + e.getMessage());
            return USAGE;
        }
        return switch (options.mode()) {
            case CHAT -> new LineChat(typed, out, err).run(options.target(), options.nick());
            case SEND, RECEIVE -> throw new UnsupportedOperationException("file transfer needs the frame codec");
        };
    }

    static String describe(InetSocketAddress target) {
        return target.getHostString() + ":" + target.getPort();
    }

    /** An exception as a short reason for a one-line error. */
    static String reason(Exception e) {
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
