package reactorchat.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactorchat.app.Config;
import reactorchat.app.Server;

/** The real server, in this JVM, on ephemeral loopback ports; closing it stops it gracefully. */
public final class TestServer implements AutoCloseable {
    private final Server server;
    private final Thread thread;

    private TestServer(Server server) {
        this.server = server;
        this.thread = new Thread(server::run, "test-server-loop");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts a server with line and echo listeners on port 0 and the given extra flags. Flood
     * control is off unless the flags turn it on: most tests send faster than a person types.
     */
    public static TestServer start(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listen", "line=127.0.0.1:0", "--listen", "echo=127.0.0.1:0",
                "--flood-rate", "0"));
        args.addAll(List.of(flags));
        return new TestServer(Server.bind(Config.parse(args), Clock.systemDefaultZone()));
    }

    public InetSocketAddress address(String dialect) {
        return server.address(dialect);
    }

    public LineClient connect() throws Exception {
        return LineClient.connect(address("line"));
    }

    /** Connects, waits for the welcome, and takes {@code nick}. */
    public LineClient user(String nick) throws Exception {
        LineClient client = connect();
        client.expectRegex("\\* welcome to reactor-chat, you are guest-\\d+ in lobby \\(\\d+ users?\\); /help lists the commands");
        client.send("/nick " + nick).expect("* you are now known as " + nick);
        return client;
    }

    public Server server() {
        return server;
    }

    /** One unlabelled figure from /metrics, which needs an http listener. */
    public long metric(String name) throws IOException {
        InetSocketAddress http = address("http");
        try (Socket socket = new Socket(http.getAddress(), http.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /metrics HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String page = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher matcher = Pattern.compile("(?m)^" + name + " (\\d+)$").matcher(page);
            if (!matcher.find()) {
                throw new AssertionError(name + " is not in /metrics:\n" + page);
            }
            return Long.parseLong(matcher.group(1));
        }
    }

    /** Stops gracefully and waits for the loop thread to end. */
    @Override
    public void close() throws Exception {
        server.shutdown();
        if (!server.awaitStop(10, TimeUnit.SECONDS)) {
            throw new AssertionError("server did not stop within 10 s");
        }
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }
}
