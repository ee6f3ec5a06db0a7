package reactorchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import reactorchat.testing.JarProcess;
import reactorchat.testing.TextClient;

/**
 * Socket activation as systemd does it with StandardInput=socket: the daemon is started with a
 * bound, listening socket as its standard input, and serves on it.
 */
class SocketActivationIT {
    /** Binds a listening socket, prints its port, and execs the daemon with that socket as fd 0. */
    private static final String ACTIVATOR = String.join("\n",
            "import os, socket, sys",
            "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
            "s.bind(('127.0.0.1', 0))",
            "s.listen(128)",
            "print(s.getsockname()[1], flush=True)",
            "os.dup2(s.fileno(), 0)",
            "os.execvp(sys.argv[1], sys.argv[1:])");

    @Test
    void servesOnTheListeningSocketItInherits() throws Exception {
        Path out = Files.createTempFile("activated", ".log");
        List<String> command = List.of("python3", "-c", ACTIVATOR, JarProcess.javaBin("java"), "-jar",
                JarProcess.JAR.toString(), "--listen", "line=inherited");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        // As systemd would hand it its StateDirectory=, so that no data directory lands in the project.
        builder.environment().put("STATE_DIRECTORY", Files.createTempDirectory("reactor-chat-state").toString());
        Process daemon = builder.start();
        try {
            int port = Integer.parseInt(awaitLine(out, daemon).strip());
            try (TextClient client = TextClient.connect(new InetSocketAddress("127.0.0.1", port))) {
                client.expectRegex("\\* welcome to reactor-chat, you are guest-1 in lobby .*");
            }
            assertThat(Files.readString(out)).contains("listening: line 127.0.0.1:" + port);
            daemon.destroy();
            assertThat(daemon.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(daemon.exitValue()).isZero();
        } finally {
            daemon.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    @Test
    void withoutAnInheritedSocketItSaysSoAndExitsOne() throws Exception {
        try (JarProcess daemon = JarProcess.start(List.of(), "--listen", "line=inherited")) {
            assertThat(daemon.awaitExit()).isEqualTo(1);
            assertThat(daemon.stderr()).startsWith("reactor-chat: cannot listen on the inherited socket for line: "
                    + "no listening socket on standard input");
        }
    }

    private static String awaitLine(Path file, Process process) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && process.isAlive()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty()) {
                return lines.get(0);
            }
            Thread.sleep(20); // polling the file for the port the activator prints
        }
        throw new AssertionError("the activator printed no port: " + Files.readString(file));
    }
}
