package reactorchat.app;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import reactorchat.protocol.PasswordHash;

/**
 * {@code hash-password}: reads a password, typed without echo at a console or as the first line
 * of standard input, and prints its hash for a config file's {@code oper.NAME = HASH} line.
 */
final class HashPassword {
    static final String USAGE = "usage: java -jar reactor-chat.jar hash-password\n\n"
            + "Reads a password (typed twice, without echo, at a terminal; else the first line of standard input)\n"
            + "and prints its hash, pbkdf2-sha256$ITERATIONS$SALT$HASH, for a config file line oper.NAME = HASH.\n";

    private HashPassword() {
    }

    /** @param console the terminal to ask at without echo; null when standard input is not one */
    static int run(List<String> args, InputStream in, Console console, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return Main.OK;
        }
        if (!args.isEmpty()) {
            // Not repeated: an argument here is most likely the password itself.
            err.println("reactor-chat: hash-password takes no arguments; it reads the password from standard input");
            return Main.USAGE;
        }
        char[] password = console != null ? typed(console, err) : firstLine(in, err);
        if (password == null) {
            return Main.FAILED;
        }
        try {
            out.println(PasswordHash.of(password, new SecureRandom()).encoded());
        } finally {
            Arrays.fill(password, '\0');
        }
        return Main.OK;
    }

    private static char[] typed(Console console, PrintStream err) {
        char[] first = console.readPassword("password: ");
        if (first == null || first.length == 0) {
            err.println("reactor-chat: no password given");
            return null;
        }
        char[] again = console.readPassword("the same again: ");
        boolean same = Arrays.equals(first, again);
        if (again != null) {
            Arrays.fill(again, '\0');
        }
        if (!same) {
            Arrays.fill(first, '\0');
            err.println("reactor-chat: the two differ; nothing was hashed");
            return null;
        }
        return first;
    }

    private static char[] firstLine(InputStream in, PrintStream err) {
        String line;
        try {
            line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            err.println("reactor-chat: cannot read standard input: " + e.getMessage());
            return null;
        }
        if (line == null || line.isEmpty()) {
            err.println("reactor-chat: no password on the first line of standard input");
            return null;
        }
        return line.toCharArray();
    }
}
