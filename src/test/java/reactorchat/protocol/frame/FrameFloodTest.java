package reactorchat.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import reactorchat.codec.Frame;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;
import reactorchat.testing.FrameClient;
import reactorchat.testing.TestServer;

/** Flood control's hard line for frame clients, as for the text dialects, over real sockets. */
class FrameFloodTest {
    @Test
    void aClientOverItsBudgetPastTheHardLineGetsExcessFloodAndIsClosed() throws Exception {
        try (TestServer server = TestServer.start("--listen", "frame=127.0.0.1:0", "--listen", "http=127.0.0.1:0",
                "--flood-rate", "100", "--flood-burst", "10", "--flood-timeout", "2");
             FrameClient flooder = FrameClient.user(server.address("frame"), "flooder");
             FrameClient witness = FrameClient.user(server.address("frame"), "witness")) {
            flooder.send(ToServer.JOIN, "flood").expect(ToClient.JOINED, "flood", "flooder");
            witness.send(ToServer.JOIN, "flood").expect(ToClient.JOINED, "flood", "witness");
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (int i = 0; i < 1000; i++) { // 10 s of frames at 100 a second, all at once
                ByteBuffer frame = Frame.of(ToServer.SAY.code, "flood", "f " + i).encode();
                flood.write(frame.array(), frame.arrayOffset(), frame.remaining());
            }
            flooder.sendRaw(flood.toByteArray());

            Frame error = flooder.skipUntil(ToClient.ERROR, "excess-flood");
            assertThat(error.field(1)).contains("more than 100 frames a second for 2 seconds");
            flooder.expectClosed();

            int heard = 0;
            Frame frame = witness.next();
            for (; frame.type() != ToClient.QUIT.code; frame = witness.next()) {
                if (frame.type() == ToClient.MESSAGE.code && frame.field(1).equals("flooder")) {
                    assertThat(frame.field(3)).isEqualTo("f " + heard);
                    heard++;
                }
            }
            assertThat(frame.fields()).containsExactly("flooder", "Excess Flood");
            // Over from about the 11th frame; 2 s at 100 a second later it is cut, not one frame after.
            assertThat(heard).isBetween(200, 300);
            witness.send(ToServer.PING, "still").expect(ToClient.PONG, "still");
            assertThat(server.metric("reactorchat_flood_cuts_total")).isEqualTo(1);
        }
    }
}
