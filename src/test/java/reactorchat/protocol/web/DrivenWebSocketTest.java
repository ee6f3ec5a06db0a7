package reactorchat.protocol.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactorchat.chat.Chat;
import reactorchat.codec.WebSocketFrames;
import reactorchat.protocol.PasswordChecks;
import reactorchat.protocol.SessionOptions;
import reactorchat.protocol.irc.IrcDialect;
import reactorchat.protocol.irc.IrcOptions;
import reactorchat.protocol.line.LineDialect;
import reactorchat.reactor.DrivenLoop;
import reactorchat.reactor.Limits;
import reactorchat.testing.RawWebSocket;

/**
 * WebSockets on a {@link DrivenLoop}, where the test decides exactly what one read holds and when
 * a peer reads: what a kernel's timing would make a matter of luck over real sockets.
 */
class DrivenWebSocketTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);
    private static final byte[] HANDSHAKE = RawWebSocket.request(new InetSocketAddress("127.0.0.1", 8080),
            "reactor-chat.v1", "").getBytes(StandardCharsets.ISO_8859_1);

    private LineDialect line;
    private WebDialect web;
    private DrivenLoop loop;
    private final PasswordChecks checks = new PasswordChecks();

    @BeforeEach
    void start() throws Exception {
        Chat chat = new Chat(CLOCK);
        line = new LineDialect(chat, ZoneOffset.UTC, SessionOptions.DEFAULTS);
        IrcDialect irc = new IrcDialect(chat, CLOCK, new IrcOptions("irc.test", "test", "", Map.of(), List.of(), 0, 60, 0),
                SessionOptions.DEFAULTS, checks, "test");
        web = new WebDialect(irc, line, WebOptions.DEFAULTS);
        loop = new DrivenLoop();
    }

    @AfterEach
    void stop() {
        loop.close();
        checks.close();
    }

    /** A line-dialect WebSocket from {@code address} whose peer reads nothing until told to. */
    private DrivenLoop.Peer browser(String address) {
        DrivenLoop.Peer browser = loop.connect(web, Limits.DEFAULTS, address, 0);
        browser.send(HANDSHAKE);
        return browser;
    }

    private DrivenLoop.Peer lineUser(String nick) {
        DrivenLoop.Peer user = loop.connect(line, Limits.DEFAULTS, "127.0.1.1", Long.MAX_VALUE);
        user.send(("/nick " + nick + "\n").getBytes(StandardCharsets.UTF_8));
        return user;
    }

    private static byte[] text(String message) {
        return RawWebSocket.encode(true, WebSocketFrames.TEXT, message.getBytes(StandardCharsets.UTF_8), true);
    }

    /**
     * A line said in a room of WebSocket users is framed once and the one framed buffer is queued
     * for them all: memory grows by one copy of the message, not one per recipient.
     */
    @Test
    void aBroadcastToWebSocketsQueuesOneFramedBuffer() {
        int recipients = 8;
        int length = 3000;
        List<DrivenLoop.Peer> browsers = new ArrayList<>();
        for (int i = 0; i < recipients; i++) {
            browsers.add(browser("127.0.0." + (i + 1)));
        }
        DrivenLoop.Peer bob = lineUser("bob");
        bob.read(Long.MAX_VALUE);
        long before = loop.memoryUsed();
        bob.send(("x".repeat(length) + "\n").getBytes(StandardCharsets.UTF_8));
        bob.read(Long.MAX_VALUE); // the sender's own copy, unframed, leaves its queue
        long grown = loop.memoryUsed() - before;

        assertThat(grown).as("one framed copy queued, not %d", recipients).isGreaterThan(length).isLessThan(2 * length);
        for (DrivenLoop.Peer browser : browsers) {
            browser.read(Long.MAX_VALUE);
            assertThat(frames(browser.received())).contains("12:00:00 <bob> " + "x".repeat(length));
        }
    }

    /** RFC 6455 section 5.5.1: nothing follows a close frame, though the chat sends while it waits in the queue. */
    @Test
    void aBroadcastWhileTheCloseFrameWaitsIsNotSent() {
        DrivenLoop.Peer alice = browser("127.0.0.1");
        alice.send(text("/nick alice"));
        DrivenLoop.Peer bob = lineUser("bob");
        bob.send("before the close\n".getBytes(StandardCharsets.UTF_8));
        alice.send(RawWebSocket.encode(true, WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xE8}, true));
        bob.send("after the close\n".getBytes(StandardCharsets.UTF_8));
        alice.read(Long.MAX_VALUE);

        List<String> frames = frames(alice.received());
        assertThat(frames).contains("12:00:00 <bob> before the close");
        assertThat(frames.get(frames.size() - 1)).as("the last thing sent, in %s", frames).isEqualTo("close 1000");
    }

    /** RFC 6455 section 4.1: a client waits for the 101 before it sends frames; one in the handshake's read breaks that. */
    @Test
    void aFrameInTheHandshakesReadIsAProtocolError() {
        DrivenLoop.Peer early = loop.connect(web, Limits.DEFAULTS, "127.0.0.1", 0);
        byte[] frame = text("too soon");
        byte[] both = java.util.Arrays.copyOf(HANDSHAKE, HANDSHAKE.length + frame.length);
        System.arraycopy(frame, 0, both, HANDSHAKE.length, frame.length);
        early.send(both);
        early.read(Long.MAX_VALUE);

        assertThat(frames(early.received())).noneMatch(each -> each.contains("too soon")).last().isEqualTo("close 1002");
        assertThat(early.isOpen()).as("closing after its close frame").isFalse();
    }

    /** RFC 6455 section 7.4.1: a server that goes down says 1001, after the session's goodbye. */
    @Test
    void aShutdownClosesWith1001() {
        DrivenLoop.Peer alice = browser("127.0.0.1");
        alice.shutdown();
        loop.pass();
        alice.read(Long.MAX_VALUE);

        List<String> frames = frames(alice.received());
        assertThat(frames).endsWith("* server shutting down", "close 1001");
    }

    /** The frames after the 101's head, as text ("close CODE" for a close frame); fails on bytes that are no frame. */
    private static List<String> frames(byte[] bytes) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(all).startsWith("HTTP/1.1 101 ");
        int body = all.indexOf("\r\n\r\n") + 4;
        ByteBuffer in = ByteBuffer.wrap(bytes, body, bytes.length - body);
        List<String> frames = new ArrayList<>();
        while (in.hasRemaining()) {
            int first = in.get() & 0xFF;
            int length = in.get() & 0x7F;
            assertThat(first & 0x70).as("reserved bits of a frame, after %s", frames).isZero();
            if (length == 126) {
                length = in.getShort() & 0xFFFF;
            }
            byte[] payload = new byte[length];
            in.get(payload);
            frames.add((first & 0x0F) == WebSocketFrames.CLOSE ? "close " + ((payload[0] & 0xFF) << 8 | (payload[1] & 0xFF))
                    : new String(payload, StandardCharsets.UTF_8));
        }
        return frames;
    }
}
