package reactorchat.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import reactorchat.codec.Frame;
import reactorchat.codec.FrameDecoder;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;

/**
 * A blocking frame-dialect test client in the send/expect style: send frames, then expect frames
 * to arrive within a deadline. Frames that arrive but are not asked for are kept, in order, for
 * later expectations. A frame the server sends that does not decode fails the test.
 */
public final class FrameClient implements AutoCloseable {
    public static final Duration DEADLINE = Duration.ofSeconds(10);
    /** What a client should accept from the server (docs/protocol.md). */
    private static final int MAX_SERVER_FRAME = 16 << 20;

    /** How a transfer ended for its receiver: the end frame, the bytes got and their SHA-256. */
    public record Received(Frame end, long bytes, String sha256) {
        public boolean completed() {
            return end.type() == ToClient.COMPLETE.code;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
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

    private FrameClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static FrameClient connect(InetSocketAddress address) throws IOException {
        return connectWithReceiveBuffer(address, 0);
    }

    /** Connects with a small receive buffer (0: the OS's), for a client that is meant to stop reading. */
    public static FrameClient connectWithReceiveBuffer(InetSocketAddress address, int bytes) throws IOException {
        Socket socket = new Socket();
        if (bytes > 0) {
            socket.setReceiveBufferSize(bytes);
        }
        socket.connect(address, 5_000);
        return new FrameClient(socket);
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
        out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        out.flush();
        return this;
    }

    /** Sends {@code data[offset, offset + length)} as one CHUNK of transfer {@code id}. */
    public FrameClient sendChunk(String id, byte[] data, int offset, int length) throws IOException {
        ByteBuffer header = Frame.encodeHeader(ToServer.CHUNK.code, List.of(id), length);
        out.write(header.array(), 0, header.remaining());
        out.write(data, offset, length);
        return this;
    }

    /** Sends all of {@code data} as CHUNKs of at most {@code chunkBytes}; blocks while the server holds it back. */
    public void sendFile(String id, byte[] data, int chunkBytes) throws IOException {
        for (int at = 0; at < data.length; at += chunkBytes) {
            sendChunk(id, data, at, Math.min(chunkBytes, data.length - at));
        }
        out.flush();
    }

    /** Makes {@link #close} reset the connection (RST) instead of closing it cleanly (FIN). */
    public void resetOnClose() throws IOException {
        socket.setSoLinger(true, 0);
    }

    /**
     * Waits for the first frame of {@code type} whose leading fields equal {@code fields} (a null
     * field matches anything); frames before it are consumed.
     */
    public Frame expect(ToClient type, String... fields) throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        String description = type + Arrays.toString(fields);
        while (true) {
            while (!unread.isEmpty()) {
                Frame frame = unread.remove(0);
                if (matches(frame, type, fields)) {
                    return frame;
                }
            }
            if (eof) {
                throw new AssertionError("connection closed while waiting for " + description);
            }
            readSome(deadline, description);
        }
    }

    /** The next frame, whatever it is. */
    public Frame next() throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (unread.isEmpty()) {
            if (eof) {
                throw new AssertionError("connection closed while waiting for a frame");
            }
            readSome(deadline, "any frame");
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
            readSome(System.nanoTime() + DEADLINE.toNanos(), "transfer " + id);
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
                readSome(System.nanoTime() + DEADLINE.toNanos(), "transfer " + id);
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
        long deadline = System.nanoTime() + DEADLINE.toNanos();
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
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AssertionError("no " + description + " within " + DEADLINE.toSeconds() + " s; unread: " + shown());
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        int n;
        try {
            n = in.read(buffer);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no " + description + " within " + DEADLINE.toSeconds() + " s; unread: " + shown());
        } catch (IOException e) {
            n = -1; // a reset is a close, as far as a test is concerned
        }
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
