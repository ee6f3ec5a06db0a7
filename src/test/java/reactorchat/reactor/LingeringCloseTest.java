package reactorchat.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import reactorchat.testing.ClientSocket;
import reactorchat.testing.TestServer;

/**
 * A connection the server closes while its peer is still sending: the peer reads the last words
 * and a clean end of stream, and is not reset. A reset (what closing a socket with unread input
 * sends) can destroy those words in flight on a real network.
 */
class LingeringCloseTest {
    @Test
    void aPeerStillSendingAfterItsErrorReadsTheErrorThenAnEndAndIsNotReset() throws Exception {
        try (TestServer server = TestServer.start("--listen", "frame=127.0.0.1:0");
             Socket socket = ClientSocket.raw(server.address("frame"))) {
            OutputStream out = socket.getOutputStream();
            byte[] junk = new byte[64 * 1024];
            out.write(new byte[] {0, (byte) 0x98, (byte) 0x96, (byte) 0x80}); // a frame of 10,000,000 bytes
            for (int i = 0; i < 4; i++) {
                out.write(junk); // unread by the server when it closes
            }

            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                seen.write(buffer, 0, n);
            }
            assertThat(seen.toString(StandardCharsets.ISO_8859_1)).contains("frame-too-long");

            // The server shut its side and drops what still comes, until this side closes: here
            // 256 KiB more, so that all it drops stays under its 1 MiB bound (over it, it resets).
            assertThatCode(() -> {
                for (int i = 0; i < 4; i++) {
                    out.write(junk);
                }
                out.flush();
            }).doesNotThrowAnyException();
        }
    }
}
