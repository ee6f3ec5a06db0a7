package reactorchat.protocol.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import reactorchat.chat.Chat;
import reactorchat.codec.WebSocketFrames;
import reactorchat.protocol.SessionOptions;
import reactorchat.protocol.irc.IrcDialect;
import reactorchat.protocol.irc.IrcOptions;
import reactorchat.protocol.line.LineDialect;
import reactorchat.reactor.DrivenLoop;
import reactorchat.reactor.Limits;
import reactorchat.testing.RawWebSocket;

/**
 * RFC 6455 section 5.5.1: nothing follows a close frame. The WebSocket's peer reads nothing while
 * the chat goes on, so its close frame waits in the queue and a broadcast arrives behind it.
 */
class NothingAfterCloseTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void aBroadcastWhileTheCloseFrameWaitsIsNotSent() throws Exception {
        Chat chat = new Chat(CLOCK);
        LineDialect line = new LineDialect(chat, ZoneOffset.UTC, SessionOptions.DEFAULTS);
        IrcDialect irc = new IrcDialect(chat, CLOCK, new IrcOptions("irc.test", "test", "", Map.of(), List.of(), 0, 60, 0),
                SessionOptions.DEFAULTS, "test");
        WebDialect web = new WebDialect(irc, line, WebOptions.DEFAULTS);
        try (DrivenLoop loop = new DrivenLoop()) {
            DrivenLoop.Peer alice = loop.connect(web, Limits.DEFAULTS, "127.0.0.1", 0);
            DrivenLoop.Peer bob = loop.connect(line, Limits.DEFAULTS, "127.0.0.2", Long.MAX_VALUE);
            alice.send(RawWebSocket.request(new java.net.InetSocketAddress("127.0.0.1", 8080), "reactor-chat.v1", "")
                    .getBytes(StandardCharsets.ISO_8859_1));
            alice.send(RawWebSocket.encode(true, WebSocketFrames.TEXT, "/nick alice".getBytes(StandardCharsets.UTF_8), true));
            bob.send("/nick bob\nbefore the close\n".getBytes(StandardCharsets.UTF_8));
            alice.send(RawWebSocket.encode(true, WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xE8}, true));
            bob.send("after the close\n".getBytes(StandardCharsets.UTF_8));
            alice.read(Long.MAX_VALUE);

            List<String> frames = frames(alice.received());
            assertThat(frames).anyMatch(frame -> frame.endsWith("<bob> before the close"));
            assertThat(frames.get(frames.size() - 1)).as("the last thing sent, in %s", frames).isEqualTo("close 1000");
        }
    }

    /** The frames after the 101's head, as text ("close CODE" for a close frame); fails on bytes that are no frame. */
    private static List<String> frames(byte[] bytes) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(all).startsWith("HTTP/1.1 101 ");
        ByteBuffer in = ByteBuffer.wrap(bytes, all.indexOf("\r\n\r\n") + 4, bytes.length - all.indexOf("\r\n\r\n") - 4);
        List<String> frames = new ArrayList<>();
        while (in.hasRemaining()) {
            int first = in.get() & 0xFF;
            int length = in.get() & 0xFF;
            assertThat(first & 0x70).as("reserved bits of a frame, after %s", frames).isZero();
            assertThat(length).as("a short frame's length, after %s", frames).isLessThan(126);
            byte[] payload = new byte[length];
            in.get(payload);
            frames.add((first & 0x0F) == WebSocketFrames.CLOSE ? "close " + ((payload[0] & 0xFF) << 8 | (payload[1] & 0xFF))
                    : new String(payload, StandardCharsets.UTF_8));
        }
        return frames;
    }
}
