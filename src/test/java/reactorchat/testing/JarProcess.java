package reactorchat.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar run as a real process, as an operator would: for tests that run after
 * {@code package}. Its output goes to files, not pipes: when a child exits, the JDK closes its
 * pipes under any thread still reading them, and the last lines would be lost.
 */
public final class JarProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target", "reactor-chat.jar");
    private static final Pattern LISTENING = Pattern.compile(".*listening: (.*)");

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private JarProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code java [jvmFlags] -jar target/reactor-chat.jar [args]}. */
    public static JarProcess start(List<String> jvmFlags, String... args) throws IOException {
        return launch(javaCommand(jvmFlags, args), Map.of());
    }

    /** Starts it as {@link #start} does, with these environment variables added. */
    public static JarProcess startWithEnvironment(Map<String, String> environment, String... args) throws IOException {
        return launch(javaCommand(List.of(), args), environment);
    }

    private static List<String> javaCommand(List<String> jvmFlags, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBin("java")));
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static JarProcess launch(List<String> command, Map<String, String> environment) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: these tests run after mvn package");
        }
        Path out = Files.createTempFile("reactor-chat-out", ".log");
        Path err = Files.createTempFile("reactor-chat-err", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // The jar's data directory defaults to one under the working directory, the project's: a
        // temporary one as systemd's StateDirectory= keeps the project clean.
        builder.environment().put("STATE_DIRECTORY", Files.createTempDirectory("reactor-chat-state").toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new JarProcess(process, out, err);
    }

    /** Starts the jar as {@link #start} does, under {@code ulimit -n maxFiles}. */
    public static JarProcess startWithFileLimit(int maxFiles, List<String> jvmFlags, String... args) throws IOException {
        StringBuilder script = new StringBuilder("ulimit -n " + maxFiles + " && exec");
        for (String word : javaCommand(jvmFlags, args)) {
            script.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        return launch(List.of("bash", "-c", script.toString()), Map.of());
    }

    /** A tool of the JDK running this test, e.g. {@code jcmd}. */
    public static String javaBin(String tool) {
        return Path.of(System.getProperty("java.home"), "bin", tool).toString();
    }

    /** Waits for the start-up log line and returns where {@code dialect} listens. */
    public InetSocketAddress awaitListening(String dialect) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (String line : output()) {
                Matcher m = LISTENING.matcher(line);
                if (m.matches()) {
                    return listener(m.group(1), dialect);
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20); // polling a file for a line the daemon is about to write
        }
        throw new AssertionError("the daemon never said it was listening; output: " + output() + stderr());
    }

    private static InetSocketAddress listener(String listeners, String dialect) {
        for (String listener : listeners.split(", ")) {
            String[] parts = listener.split(" ");
            if (parts[0].equals(dialect)) {
                int colon = parts[1].lastIndexOf(':');
                return new InetSocketAddress(parts[1].substring(0, colon), Integer.parseInt(parts[1].substring(colon + 1)));
            }
        }
        throw new AssertionError("no " + dialect + " listener in: " + listeners);
    }

    /** Every line the daemon has printed to standard output so far. */
    public List<String> output() throws IOException {
        return Files.readAllLines(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Waits until the daemon has printed {@code text}, to standard output or error (where warnings go). */
    public void awaitOutput(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (output().stream().noneMatch(line -> line.contains(text)) && !stderr().contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("the daemon never printed '" + text + "'; output: " + output() + stderr());
            }
            Thread.sleep(20); // polling a file for a line the daemon is about to write
        }
    }

    /** CPU time the daemon has used, in clock ticks (from /proc). */
    public long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime and stime
    }

    /** Live heap after a full collection, from the class histogram's total (jcmd forces the GC). */
    public long liveHeapBytes() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(javaBin("jcmd"), Long.toString(process.pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
            throw new AssertionError("jcmd did not finish within 60 s");
        }
        String total = output.lines().filter(line -> line.startsWith("Total")).findFirst()
                .orElseThrow(() -> new AssertionError("no histogram total in: " + output));
        return Long.parseLong(total.trim().split("\\s+")[2]);
    }

    public long pid() {
        return process.pid();
    }

    /** Sends SIGTERM, as systemd and {@code kill} do. */
    public void terminate() {
        process.destroy();
    }

    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the daemon did not exit within 20 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
    }
}
