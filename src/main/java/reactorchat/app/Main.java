package reactorchat.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import reactorchat.client.Client;
import reactorchat.sim.Simulate;

/**
 * The command line: {@code reactor-chat [serve] [options]}, {@code simulate ...}, {@code client ...},
 * {@code hash-password}, {@code --help}, {@code --version}.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        rememberTlsSessions();
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * TLS resumption from the server's session cache (bounded in {@code TlsContext}) rather than
     * from stateless tickets. A session resumed from a ticket is decoded anew, the server's
     * certificate chain with it, and the connection holds that copy while it lives: about 2 KB
     * more per idle TLS connection than one resumed from the cache, which shares the chain
     * (docs/benchmarks.md). The JDK reads this property once, when its first TLS context is made,
     * so it is set before anything else runs; a value given with -D is left alone.
     */
    private static void rememberTlsSessions() {
        if (System.getProperty("jdk.tls.server.enableSessionTicketExtension") == null) {
            System.setProperty("jdk.tls.server.enableSessionTicketExtension", "false");
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /** @param in what {@code client} reads as typed lines */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        if (!rest.isEmpty() && rest.get(0).equals("simulate")) {
            return Simulate.run(rest.subList(1, rest.size()), out, err);
        }
        if (!rest.isEmpty() && rest.get(0).equals("client")) {
            // Without a console both ends are not terminals; stderr alone cannot be asked in Java 17.
            return Client.run(rest.subList(1, rest.size()), in, out, err, System.console() != null);
        }
        if (!rest.isEmpty() && rest.get(0).equals("hash-password")) {
            // No echo only where the password is typed: input piped in has no console to ask at.
            return HashPassword.run(rest.subList(1, rest.size()), in, in == System.in ? System.console() : null, out, err);
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(usage());
            return OK;
        }
        if (rest.contains("--version")) {
            out.println("reactor-chat " + Version.get());
            return OK;
        }
        String command = rest.isEmpty() || rest.get(0).startsWith("-") ? "serve" : rest.remove(0);
        if (!command.equals("serve")) {
            err.println("reactor-chat: unknown command '" + command + "' (see --help)");
            return USAGE;
        }
        Config config;
        try {
            config = Config.parse(rest);
        } catch (UsageException e) {
            err.println("reactor-chat: " + e.getMessage());
            return USAGE;
        }
        return serve(config, rest, err);
    }

    private static int serve(Config config, List<String> args, PrintStream err) {
        GatedConsoleWriter.setLevel(config.logLevel());
        // tinylog reads system properties when the first logger is made, which is after these lines.
        Server server;
        try {
            server = Server.bind(config, Clock.systemDefaultZone());
        } catch (IOException e) {
            err.println("reactor-chat: " + e.getMessage());
            return FAILED;
        } catch (UsageException e) {
            err.println("reactor-chat: " + e.getMessage());
            return USAGE;
        }
        Signals.onStop(server::shutdown);
        Signals.onReload(() -> server.reload(() -> Config.parse(args)));
        return server.run() ? OK : FAILED;
    }

    static String usage() {
        StringBuilder text = new StringBuilder();
        text.append("usage: java -jar reactor-chat.jar [serve] [options]\n")
            .append("       java -jar reactor-chat.jar simulate --target HOST:PORT [options]  (load test; simulate --help)\n")
            .append("       java -jar reactor-chat.jar client [--send-file NICK PATH | --receive-files DIR] HOST:PORT  (client --help)\n")
            .append("       java -jar reactor-chat.jar hash-password  (reads a password, prints its hash for oper.NAME = HASH)\n")
            .append("       java -jar reactor-chat.jar --help | --version\n\n")
            .append("A chat server: one thread, one selector, every connection.\n\noptions:\n");
        for (Setting setting : Setting.values()) {
            String flag = "--" + setting.key() + " " + setting.argument();
            String defaults = setting.defaultValue.isEmpty() ? "" : " [" + setting.defaultValue + "]";
            text.append(String.format("  %-38s %s%s%n", flag, setting.description, defaults));
        }
        text.append("\n  --help                                 show this help\n")
            .append("  --version                              print the version\n");
        return text.toString();
    }
}
