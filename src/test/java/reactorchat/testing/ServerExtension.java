package reactorchat.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestServer} started with the given flags and stopped after use, then the clients made
 * through this extension closed. On a static field one server serves the whole class; on an instance field each test gets
 * a fresh one:
 * <pre>
 * {@literal @}RegisterExtension
 * static final ServerExtension server = ServerExtension.with("--listen", "irc=127.0.0.1:0");
 * </pre>
 * Tests that share a server name their users with {@link TestServer#unique}. A test that needs
 * flags of its own starts its own server with {@link TestServer#start}.
 */
public final class ServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private final String[] flags;
    private final List<TextClient> clients = new ArrayList<>();
    private TestServer server;
    private boolean perTest;

    private ServerExtension(String[] flags) {
        this.flags = flags;
    }

    /** Flags as for {@link TestServer#start}. */
    public static ServerExtension with(String... flags) {
        return new ServerExtension(flags);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = TestServer.start(flags);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    /** On an instance field JUnit calls only these two: a server for each test. */
    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (server == null) {
            server = TestServer.start(flags);
            perTest = true;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (perTest) {
            stop();
            server = null;
        }
    }

    /** Stops the server, then closes the clients made here that the tests left open. */
    private void stop() throws Exception {
        server.close();
        for (TextClient client : clients) {
            client.close();
        }
        clients.clear();
    }

    /** The running server, for what the shortcuts below do not cover. */
    public TestServer get() {
        if (server == null) {
            throw new IllegalStateException("not started: register the extension with @RegisterExtension");
        }
        return server;
    }

    public InetSocketAddress address(String dialect) {
        return get().address(dialect);
    }

    public TextClient connect() throws IOException {
        return kept(get().connect());
    }

    public TextClient user(String nick) throws IOException {
        return kept(get().user(nick));
    }

    public TextClient irc() throws IOException {
        return kept(get().irc());
    }

    public TextClient registered(String nick) throws IOException {
        return kept(get().registered(nick));
    }

    public long metric(String name) throws IOException {
        return get().metric(name);
    }

    private TextClient kept(TextClient client) {
        clients.add(client);
        return client;
    }
}
