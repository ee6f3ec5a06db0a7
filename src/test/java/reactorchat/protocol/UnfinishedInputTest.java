package reactorchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import reactorchat.codec.Frame;
import reactorchat.codec.WebSocketFrames;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;
import reactorchat.testing.ClientSocket;
import reactorchat.testing.FrameClient;
import reactorchat.testing.RawWebSocket;
import reactorchat.testing.TestServer;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** A line, frame or http request left unfinished has a deadline, over real sockets. */
class UnfinishedInputTest {
    @Test
    void aLineWithoutItsNewlineIsCutAfterThePartialTimeout() throws Exception {
        try (TestServer server = TestServer.start("--partial-timeout", "1");
             TextClient slow = server.user("slow");
             TextClient watcher = server.user("watch")) {
            long start = System.nanoTime();
            slow.sendRaw("never finished".getBytes(StandardCharsets.UTF_8));
            List<String> last = slow.expectClosed();
            assertThat(last).contains("! line not finished within 1 seconds, closing");
            assertThat(System.nanoTime() - start).as("not before its deadline").isGreaterThan(TimeUnit.MILLISECONDS.toNanos(900));
            watcher.expect("* slow quit (input timeout)");
        }
    }

    /** The deadline is for one line: a client whose reads always end inside a line is not cut. */
    @Test
    void linesThatKeepEndingAreNotCutHoweverTheyAreSplit() throws Exception {
        try (TestServer server = TestServer.start("--partial-timeout", "1");
             TextClient typist = server.user("typist");
             TextClient watcher = server.user("watch")) {
            typist.sendRaw("line 0 start".getBytes(StandardCharsets.UTF_8));
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
            for (int i = 1; System.nanoTime() < end; i++) {
                Thread.sleep(300); // the pace of a slow typist: the point is the time between fragments
                typist.sendRaw((" end\nline " + i + " start").getBytes(StandardCharsets.UTF_8));
                watcher.expectRegex(".*<typist> line " + (i - 1) + " start end");
            }
            typist.send(" end").send("/who").skipUntil(Expected.regex("\\* 2 users in lobby: .*"));
        }
    }

    @Test
    void aFrameStartedAndNotFinishedIsCutAfterThePartialTimeout() throws Exception {
        try (TestServer server = TestServer.start("--listen", "frame=127.0.0.1:0", "--partial-timeout", "1");
             FrameClient slow = FrameClient.user(server.address("frame"), "slowframe");
             TextClient watcher = server.user("watch")) {
            slow.send(ToServer.JOIN, "lobby").expect(ToClient.JOINED, "lobby", "slowframe");
            watcher.expect("* slowframe joined");
            slow.sendRaw(ByteBuffer.allocate(6).putInt(100).put(new byte[] {Frame.VERSION, 4}).array());
            List<Frame> last = slow.expectClosed();
            assertThat(last).extracting(FrameClient::show)
                    .anyMatch(s -> s.startsWith("ERROR[frame-timeout, a frame was started and not finished within 1 seconds"));
            watcher.expect("* slowframe quit (input timeout)");
        }
    }

    /** Pings and empty continuations end no message: they cannot hold a fragment past its deadline. */
    @Test
    void aWebSocketFragmentIsCutAfterThePartialTimeoutThoughPingsKeepComing() throws Exception {
        try (TestServer server = TestServer.start("--listen", "web=127.0.0.1:0", "--partial-timeout", "1");
             RawWebSocket socket = RawWebSocket.open(server.address("web"), "reactor-chat.v1")) {
            assertThat(socket.read().text()).startsWith("* welcome to reactor-chat");
            socket.frame(false, WebSocketFrames.TEXT, "never finished".getBytes(StandardCharsets.UTF_8), true);
            long start = System.nanoTime();
            long giveUp = start + TimeUnit.SECONDS.toNanos(5);
            List<String> seen = new ArrayList<>();
            while (System.nanoTime() < giveUp) {
                try {
                    socket.frame(true, WebSocketFrames.PING, new byte[0], true);
                    socket.frame(false, WebSocketFrames.CONTINUATION, new byte[0], true);
                } catch (IOException e) {
                    break; // the server has closed its end: what it said is read below
                }
                RawWebSocket.Frame frame = socket.read(); // the pong, or what the server had to say first
                if (frame.opcode() != WebSocketFrames.PONG) {
                    seen.add(frame.text());
                    break;
                }
                Thread.sleep(200); // the client's pace: the point is that the fragment stays unfinished meanwhile
            }
            RawWebSocket.Frame frame;
            do {
                frame = socket.read();
                seen.add(frame.opcode() == WebSocketFrames.CLOSE ? "close" : frame.text());
            } while (frame.opcode() != WebSocketFrames.CLOSE);
            assertThat(seen).contains("! line not finished within 1 seconds, closing", "close");
            assertThat(System.nanoTime() - start).as("not before its deadline").isGreaterThan(TimeUnit.MILLISECONDS.toNanos(900));
        }
    }

    @Test
    void anHttpRequestWithoutItsHeadersGets408() throws Exception {
        try (TestServer server = TestServer.start("--listen", "http=127.0.0.1:0", "--http-header-timeout", "1");
             Socket socket = ClientSocket.raw(server.address("http"))) {
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 408 Request Timeout\r\n").endsWith("no complete request within 1 seconds\n");
        }
    }

    @Test
    void aCompleteHttpRequestIsAnsweredAsBefore() throws Exception {
        try (TestServer server = TestServer.start("--listen", "http=127.0.0.1:0", "--http-header-timeout", "1");
             Socket socket = ClientSocket.raw(server.address("http"))) {
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200 OK");
        }
    }
}
