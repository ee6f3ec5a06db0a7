package reactorchat.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import reactorchat.codec.Frame;
import reactorchat.codec.FrameDecoder;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;

/**
 * A blocking frame-dialect test client in the send/expect style, with {@link TextClient}'s rule
 * and deadline: {@link #expect} takes the <em>next</em> frame and fails if it is not the one
 * described or none comes within {@link ClientSocket#DEADLINE}; {@link #skipUntil} passes over
 * frames only where a test says so. A frame the server sends that does not decode fails the test.
 */
public final class FrameClient implements AutoCloseable {
    /** What a client should accept from the server (docs/protocol.md). */
    private static final int MAX_SERVER_FRAME = 16 << 20;

    /** How a transfer ended for its receiver: the end frame, the bytes got and their SHA-256. */
    public record Received(Frame end, long bytes, String sha256) {
        public boolean completed() {
            return end.type() == ToClient.COMPLETE.code;
        }
    }

    private final ClientSocket socket;
    private final List<Frame> unread = new ArrayList<>();
    private final FrameDecoder decoder = new FrameDecoder(MAX_SERVER_FRAME);
    private final byte[] buffer = new byte[64 << 10];
    private final FrameDecoder.Sink sink = new FrameDecoder.Sink() {
        @Override
        public void frame(Frame frame) {
            unread.add(frame);
        }

        @Override
        public void badFrame(FrameDecoder.Fault fault, int type, String why) {
            throw new AssertionError("the server sent a bad frame: " + fault.code + " " + why);
        }

        @Override
        public void frameTooLong(long length, int maxFrame) {
            throw new AssertionError("the server sent a frame of " + length + " bytes");
        }
    };
    private boolean eof;
    private String nick;

    private FrameClient(ClientSocket socket) {
        this.socket = socket;
    }

    public static FrameClient connect(InetSocketAddress address) throws IOException {
        return connectWithReceiveBuffer(address, 0);
    }

    /** Connects with a small receive buffer (0: the OS's), for a client that is meant to stop reading. */
    public static FrameClient connectWithReceiveBuffer(InetSocketAddress address, int bytes) throws IOException {
        return new FrameClient(ClientSocket.connect(address, bytes));
    }

    /** Connects, reads the WELCOME, and takes {@code nick}. */
    public static FrameClient user(InetSocketAddress address, String nick) throws IOException {
        return user(address, nick, 0);
    }

    /** {@link #user} with a small receive buffer (0: the OS's), for a client that is meant to stop reading. */
    public static FrameClient user(InetSocketAddress address, String nick, int receiveBuffer) throws IOException {
        FrameClient client = connectWithReceiveBuffer(address, receiveBuffer);
        client.expect(ToClient.WELCOME);
        client.send(ToServer.NICK, nick).expect(ToClient.NICK, null, nick);
        client.nick = nick;
        return client;
    }

    public String nick() {
        return nick;
    }

    public FrameClient send(ToServer type, String... fields) throws IOException {
        return send(type.frame(fields));
    }

    public FrameClient send(Frame frame) throws IOException {
        return sendRaw(frame.encode());
    }

    public FrameClient sendRaw(byte[] bytes) throws IOException {
        return sendRaw(ByteBuffer.wrap(bytes));
    }

    private FrameClient sendRaw(ByteBuffer bytes) throws IOException {
        socket.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        return this;
    }

    /** Sends {@code data[offset, offset + length)} as one CHUNK of transfer {@code id}. */
    public FrameClient sendChunk(String id, byte[] data, int offset, int length) throws IOException {
        ByteBuffer header = Frame.encodeHeader(ToServer.CHUNK.code, List.of(id), length);
        OutputStream out = socket.out();
        out.write(header.array(), 0, header.remaining());
        out.write(data, offset, length);
        return this;
    }

    /** Sends all of {@code data} as CHUNKs of at most {@code chunkBytes}; blocks while the server holds it back. */
    public void sendFile(String id, byte[] data, int chunkBytes) throws IOException {
        for (int at = 0; at < data.length; at += chunkBytes) {
            sendChunk(id, data, at, Math.min(chunkBytes, data.length - at));
        }
        socket.out().flush();
    }

    /** Makes {@link #close} reset the connection (RST) instead of closing it cleanly (FIN). */
    public void resetOnClose() throws IOException {
        socket.resetOnClose();
    }

    /**
     * The next frame, which must be of {@code type} with leading fields equal to {@code fields} (a
     * null field matches anything).
     */
    public Frame expect(ToClient type, String... fields) throws IOException {
        Frame frame = next(type + Arrays.toString(fields), ClientSocket.deadlineFromNow());
        if (!matches(frame, type, fields)) {
            throw new AssertionError("expected " + type + Arrays.toString(fields) + " but the next frame was "
                    + show(frame) + "; unread after it: " + shown());
        }
        return frame;
    }

    /** Passes over frames up to the first of {@code type} with leading fields {@code fields}, and returns it. */
    public Frame skipUntil(ToClient type, String... fields) throws IOException {
        long deadline = ClientSocket.deadlineFromNow();
        String description = type + Arrays.toString(fields) + " (passing over frames)";
        while (true) {
            Frame frame = next(description, deadline);
            if (matches(frame, type, fields)) {
                return frame;
            }
        }
    }

    /** The next frame, whatever it is. */
    public Frame next() throws IOException {
        return next("any frame", ClientSocket.deadlineFromNow());
    }

    private Frame next(String description, long deadline) throws IOException {
        while (unread.isEmpty()) {
            if (eof) {
                throw new AssertionError("connection closed while waiting for " + description);
            }
            readSome(deadline, description);
        }
        return unread.remove(0);
    }

    /**
     * Reads transfer {@code id}'s chunks, hashing them, until it completes or is cancelled; other
     * frames are kept for later. The deadline applies to each read, not to the whole file.
     */
    public Received receiveFile(String id) throws IOException {
        MessageDigest sha = sha256();
        long bytes = 0;
        while (true) {
            while (!unread.isEmpty()) {
                Frame frame = unread.get(0);
                boolean ours = frame.field(0).equals(id);
                if (ours && frame.type() == ToClient.CHUNK.code) {
                    unread.remove(0);
                    bytes += frame.body().remaining();
                    sha.update(frame.body());
                } else if (ours && (frame.type() == ToClient.COMPLETE.code || frame.type() == ToClient.CANCELLED.code)) {
                    unread.remove(0);
                    return new Received(frame, bytes, HexFormat.of().formatHex(sha.digest()));
                } else {
                    return receiveRest(id, sha, bytes);
                }
            }
            if (eof) {
                throw new AssertionError("connection closed while receiving transfer " + id + " (" + bytes + " bytes)");
            }
            readSome(ClientSocket.deadlineFromNow(), "transfer " + id);
        }
    }

    /** receiveFile's slow path: some other frame came first; keep it and go on after it. */
    private Received receiveRest(String id, MessageDigest sha, long bytes) throws IOException {
        List<Frame> kept = new ArrayList<>();
        while (true) {
            if (unread.isEmpty()) {
                if (eof) {
                    throw new AssertionError("connection closed while receiving transfer " + id);
                }
                readSome(ClientSocket.deadlineFromNow(), "transfer " + id);
                continue;
            }
            Frame frame = unread.remove(0);
            boolean ours = frame.field(0).equals(id);
            if (ours && frame.type() == ToClient.CHUNK.code) {
                bytes += frame.body().remaining();
                sha.update(frame.body());
            } else if (ours && (frame.type() == ToClient.COMPLETE.code || frame.type() == ToClient.CANCELLED.code)) {
                unread.addAll(0, kept);
                return new Received(frame, bytes, HexFormat.of().formatHex(sha.digest()));
            } else {
                kept.add(frame);
            }
        }
    }

    /** Waits until the server closes the connection; frames until then are returned. */
    public List<Frame> expectClosed() throws IOException {
        long deadline = ClientSocket.deadlineFromNow();
        while (!eof) {
            readSome(deadline, "the connection to close");
        }
        List<Frame> rest = new ArrayList<>(unread);
        unread.clear();
        return rest;
    }

    /** The SHA-256 of {@code data} as 64 hex digits, as OFFER wants it. */
    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    /** A frame as short text for messages: {@code ERROR[bad-frame, ..., SAY]}. */
    public static String show(Frame frame) {
        ToClient type = ToClient.of(frame.type());
        return (type == null ? "0x" + Integer.toHexString(frame.type()) : type.name()) + frame.fields()
                + (frame.body().hasRemaining() ? " +" + frame.body().remaining() + " bytes" : "");
    }

    private static boolean matches(Frame frame, ToClient type, String[] fields) {
        if (frame.type() != type.code) {
            return false;
        }
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] != null && !fields[i].equals(frame.field(i))) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void readSome(long deadline, String description) throws IOException {
        int n = socket.read(buffer, deadline, () -> description, this::shown);
        if (n < 0) {
            eof = true;
            return;
        }
        decoder.decode(ByteBuffer.wrap(buffer, 0, n), sink);
    }

    private List<String> shown() {
        return unread.stream().map(FrameClient::show).toList();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
