package reactorchat.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
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
        if (options.mode() == ClientOptions.Mode.CHAT) {
            return new LineChat(typed, out, err, options.tls()).run(options.target(), options.nick());
        }
        Progress.Style style = options.progress().resolve(terminal);
        TransferClient client;
        if (options.mode() == ClientOptions.Mode.SEND) {
            LocalFile file;
            try {
                file = LocalFile.read(options.file());
            } catch (IOException e) {
                err.println("reactor-chat client: cannot read " + options.file() + ": " + reason(e));
                return USAGE;
            }
            client = new FileSender(options.peer(), file, style, out, err);
        } else {
            if (!Files.isDirectory(options.dir()) || !Files.isWritable(options.dir())) {
                err.println("reactor-chat client: " + options.dir() + " is not a directory this user can write to");
                return USAGE;
            }
            client = new FileReceiver(options.dir(), options.from(), options.once(), style, out, err);
        }
        return runInterruptibly(client, options);
    }

    /** Runs a transfer so that Ctrl-C (SIGINT, SIGTERM) cancels it with the server before the process ends. */
    private static int runInterruptibly(TransferClient client, ClientOptions options) {
        Thread hook = new Thread(client::interrupt, "client-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return client.run(options.target(), options.nick());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the process is already exiting, and the hook is what ended the run
            }
        }
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
