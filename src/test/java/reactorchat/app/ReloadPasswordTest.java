package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import reactorchat.testing.TestServer;

/** A reload gives the new password to every chat dialect, for the connections made from then on. */
class ReloadPasswordTest {
    private static final List<String> BEFORE = List.of("--listen", "line=127.0.0.1:0", "--password", "old-secret",
            "--data-dir", TestServer.DATA_DIR.toString(), "--history-max-bytes", "0", "--history-on-join", "0");
    private static final List<String> AFTER = List.of("--listen", "line=127.0.0.1:0", "--password", "new-secret",
            "--data-dir", TestServer.DATA_DIR.toString(), "--history-max-bytes", "0", "--history-on-join", "0");

    @Test
    void aLineUserMustGiveTheReloadedPassword() throws Exception {
        Server server = Server.bind(Config.parse(BEFORE), Clock.systemUTC());
        Thread loop = new Thread(server::run, "reload-password-loop");
        loop.start();
        try {
            InetSocketAddress line = server.address("line");
            assertThat(answerToPassword(line, "old-secret")).startsWith("* welcome to reactor-chat, you are ");
            server.reload(() -> Config.parse(AFTER));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String answer;
            do { // the reload is handed to the loop: wait until it has taken it
                answer = answerToPassword(line, "new-secret");
            } while (!answer.startsWith("* welcome to reactor-chat, you are ") && System.nanoTime() < deadline);
            assertThat(answer).startsWith("* welcome to reactor-chat, you are ");
            assertThat(answerToPassword(line, "old-secret")).doesNotStartWith("* welcome to reactor-chat, you are ");
        } finally {
            server.shutdown();
            assertThat(server.awaitStop(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Connects, gives {@code password}, and returns the line that answers it. */
    private static String answerToPassword(InetSocketAddress address, String password) throws Exception {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            in.readLine(); // the greeting that asks for the password
            out.print("/pass " + password + "\n");
            out.flush();
            return String.valueOf(in.readLine());
        }
    }
}
