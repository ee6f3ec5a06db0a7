package reactorchat.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactorchat.app.Config;
import reactorchat.app.Server;
import reactorchat.chat.HostCloak;

/**
 * The real server, in this JVM, on ephemeral loopback ports; closing it stops it gracefully. The
 * one way tests start a server: directly for a test with flags of its own, through
 * {@link ServerExtension} for the tests of a class.
 */
public final class TestServer implements AutoCloseable {
    private static final AtomicInteger NAMES = new AtomicInteger();
    /** One data directory for the servers of this test run, under target/ so that no run leaves files elsewhere. */
    public static final Path DATA_DIR = Path.of("target", "test-data");
    /** The cloak key of every test server: fixed, so that tests know what 127.0.0.1 is shown as. */
    private static final byte[] CLOAK_KEY = "reactor-chat test cloak key, 32B".getBytes(StandardCharsets.US_ASCII);
    /** What other IRC users are shown of a user connected from 127.0.0.1. */
    public static final String LOOPBACK_CLOAK = new HostCloak(CLOAK_KEY, 64).of("127.0.0.1");

    private final Server server;
    private final Thread thread;

    /** What other IRC users are shown of a user connected from {@code address}. */
    public static String cloakOf(String address) {
        return new HostCloak(CLOAK_KEY, 64).of(address);
    }

    private TestServer(Server server) {
        this.server = server;
        this.thread = new Thread(server::run, "test-server-loop");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts a server with line and echo listeners on port 0 and the given extra flags (more
     * listeners among them, e.g. {@code --listen irc=127.0.0.1:0}). Flood control is off unless
     * the flags turn it on: most tests send faster than a person types. History is kept in memory
     * only and not shown on joining unless the flags say otherwise: servers of one run share a data
     * directory, and most tests expect a join to be answered by its own lines alone.
     */
    public static TestServer start(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listen", "line=127.0.0.1:0", "--listen", "echo=127.0.0.1:0",
                "--flood-rate", "0", "--data-dir", DATA_DIR.toString(), "--cloak-secret-file", cloakKeyFile().toString(),
                "--history-max-bytes", "0", "--history-on-join", "0"));
        args.addAll(List.of(flags));
        return new TestServer(Server.bind(Config.parse(args), Clock.systemDefaultZone()));
    }

    /** The fixed key's file; written whole each time, to a name of its own first, so a reader never sees half of it. */
    private static synchronized Path cloakKeyFile() throws IOException {
        Path file = DATA_DIR.resolve("test-cloak.key");
        Files.createDirectories(DATA_DIR);
        Path temporary = Files.createTempFile(DATA_DIR, ".test-cloak", ".tmp");
        Files.writeString(temporary, Base64.getEncoder().encodeToString(CLOAK_KEY) + "\n");
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** A name no other test uses, so tests can share one server. */
    public static String unique(String stem) {
        return stem + NAMES.incrementAndGet();
    }

    public InetSocketAddress address(String dialect) {
        return server.address(dialect);
    }

    /** A line-dialect client, connected, nothing read. */
    public TextClient connect() throws IOException {
        return TextClient.connect(address("line"));
    }

    /** A line-dialect user: connected, welcomed, and renamed to {@code nick}. */
    public TextClient user(String nick) throws IOException {
        TextClient client = connect();
        client.expectRegex("\\* welcome to reactor-chat, you are guest-\\d+ in lobby \\(\\d+ users?\\); /help lists the commands");
        // other users' arrivals and renames in the lobby may come first
        client.send("/nick " + nick).skipUntil(TextClient.Expected.exactly("* you are now known as " + nick));
        return client;
    }

    /** An IRC client, connected and unregistered; needs an irc listener. */
    public TextClient irc() throws IOException {
        return TextClient.connectCrlf(address("irc"));
    }

    /** An IRC client registered as {@code nick}, its welcome burst read up to the end of the MOTD. */
    public TextClient registered(String nick) throws IOException {
        TextClient client = irc();
        client.send("NICK " + nick, "USER " + nick + " 0 * :Real " + nick);
        client.expectFind(" 001 " + nick + " ");
        client.skipUntil(TextClient.Expected.find(" (376|422) " + nick + " "));
        return client;
    }

    public Server server() {
        return server;
    }

    /** One unlabelled figure from /metrics, which needs an http listener. */
    public long metric(String name) throws IOException {
        try (Socket socket = ClientSocket.raw(address("http"))) {
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
        if (!server.awaitStop(ClientSocket.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("server did not stop within " + ClientSocket.DEADLINE.toSeconds() + " s");
        }
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }
}
