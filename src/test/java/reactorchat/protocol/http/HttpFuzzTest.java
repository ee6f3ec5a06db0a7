package reactorchat.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;

import reactorchat.reactor.DrivenLoop;
import reactorchat.testing.PeerScript;

/**
 * Fuzz target for the http dialect's exchanges, driven through the real loop without sockets
 * ({@link DrivenLoop}). A plain test run replays the seeds in src/test/resources; a fuzzing run is
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=HttpFuzzTest}.
 */
class HttpFuzzTest {
    private static final Pattern RESPONSE = Pattern.compile(
            "HTTP/1\\.1 (200 OK|400 Bad Request|404 Not Found|405 Method Not Allowed"
                    + "|431 Request Header Fields Too Large)\r\n"
                    + "Content-Type: [^\r\n]+\r\nContent-Length: (\\d+)\r\n(Allow: GET, HEAD\r\n)?"
                    + "Connection: close\r\n\r\n(.*)", Pattern.DOTALL);

    /**
     * Four clients send any bytes, read slowly or not at all, close, go idle or see a shutdown: no
     * handler throws, and each gets nothing or exactly one well-formed response (its body as long
     * as Content-Length says, or none for HEAD), after which its connection is closed.
     */
    @FuzzTest(maxDuration = "6h", maxExecutions = 10_000_000)
    void answersWithOneWellFormedResponse(byte[] input) throws IOException {
        PeerScript script = new PeerScript(input);
        HttpDialect dialect = new HttpDialect(() -> "reactorchat_up 1\n", 10, script.inputLimits());
        ByteArrayOutputStream[] received = new ByteArrayOutputStream[PeerScript.PEERS];
        try (DrivenLoop loop = new DrivenLoop()) {
            for (int i = 0; i < PeerScript.PEERS; i++) {
                loop.connect(dialect, script.limits(), "127.0.0." + (i + 1), script.peerReads(i));
                received[i] = new ByteArrayOutputStream();
            }
            while (script.hasNext()) {
                script.step(loop);
                loop.assertOutputWithinLimits();
            }
            PeerScript.finish(loop);
            boolean cut = loop.stats().slowConsumerCuts() > 0;
            for (int i = 0; i < PeerScript.PEERS; i++) {
                DrivenLoop.Peer peer = loop.peers().get(i);
                received[i].write(peer.received());
                String response = received[i].toString(StandardCharsets.ISO_8859_1);
                if (response.isEmpty() || cut) {
                    continue;
                }
                Matcher matcher = RESPONSE.matcher(response);
                assertThat(matcher.matches()).as("peer %d got a well-formed response: %s", i, response).isTrue();
                int length = Integer.parseInt(matcher.group(2));
                assertThat(matcher.group(4).length()).as("peer %d's body: %s", i, response).isIn(0, length);
                assertThat(peer.isClosed()).as("peer %d closed after its response", i).isTrue();
            }
        }
    }
}
