package reactorchat.protocol.irc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import reactorchat.app.Config;
import reactorchat.app.Server;

/** An in-process server with an irc and a line listener on free ports, and clients for it. */
final class IrcServerFixture implements AutoCloseable {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Server server;
    private final Thread thread;
    private final List<TextClient> clients = new ArrayList<>();

    IrcServerFixture(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listen", "irc=127.0.0.1:0", "--listen", "line=127.0.0.1:0"));
        args.addAll(List.of(options));
        server = Server.bind(Config.parse(args), Clock.systemDefaultZone());
        thread = new Thread(server::run, "irc-test-server");
        thread.start();
    }

    /** A name no other test uses, so tests can share one server. */
    static String unique(String stem) {
        return stem + NAMES.incrementAndGet();
    }

    InetSocketAddress address(String dialect) {
        return server.address(dialect);
    }

    /** A connected, unregistered IRC client. */
    TextClient irc() throws IOException {
        TextClient client = new TextClient(server.address("irc"), "\r\n");
        clients.add(client);
        return client;
    }

    /** An IRC client registered as {@code nick}, with the welcome burst read. */
    TextClient registered(String nick) throws IOException {
        TextClient client = irc();
        client.send("NICK " + nick, "USER " + nick + " 0 * :Real " + nick);
        client.expect(" 001 " + nick + " ");
        client.expect(" (376|422) " + nick + " ");
        return client;
    }

    /** A line-dialect user, renamed to {@code nick}, in the lobby. */
    TextClient line(String nick) throws IOException {
        TextClient client = new TextClient(server.address("line"), "\n");
        clients.add(client);
        client.expect("^\\* welcome");
        client.send("/nick " + nick).expect("you are now known as " + Pattern.quote(nick));
        return client;
    }

    @Override
    public void close() throws IOException {
        for (TextClient client : clients) {
            client.close();
        }
        server.shutdown();
        try {
            server.awaitStop(10, TimeUnit.SECONDS);
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
