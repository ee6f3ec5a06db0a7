package reactorchat.testing;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
