package reactorchat.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket spoken byte by byte over a plain socket, for what the JDK's client will not send:
 * unmasked frames, bad UTF-8, oversize and fragmented messages with control frames between.
 */
public final class RawWebSocket implements AutoCloseable {
    /** A frame the server sent. */
    public record Frame(boolean fin, int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The code of a close frame. */
        public int closeCode() {
            return (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** The opening handshake for {@code /ws} offering {@code subprotocol} (none if null), as a request. */
    public static String request(InetSocketAddress address, String subprotocol, String extraHeaders) {
        return "GET /ws HTTP/1.1\r\n"
                + "Host: " + address.getHostString() + ":" + address.getPort() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
                + extraHeaders
                + "\r\n";
    }

    /** Sends {@code request} and returns the answer's head, up to its empty line. */
    public static String head(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Connects and completes the handshake, which must be answered 101. */
    public static RawWebSocket open(InetSocketAddress address, String subprotocol) throws IOException {
        return open(ClientSocket.raw(address), address, subprotocol);
    }

    /** {@link #open} with a small receive buffer, for a client that is meant to stop reading. */
    public static RawWebSocket openWithReceiveBuffer(InetSocketAddress address, String subprotocol, int bytes)
            throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(bytes);
        socket.connect(address, (int) ClientSocket.DEADLINE.toMillis());
        socket.setSoTimeout((int) ClientSocket.DEADLINE.toMillis());
        return open(socket, address, subprotocol);
    }

    private static RawWebSocket open(Socket socket, InetSocketAddress address, String subprotocol) throws IOException {
        String head = head(socket, request(address, subprotocol, ""));
        if (!head.startsWith("HTTP/1.1 101 ")) {
            socket.close();
            throw new AssertionError("expected 101, got: " + head);
        }
        return new RawWebSocket(socket);
    }

    /** A socket whose handshake the test has made itself and seen answered 101. */
    public static RawWebSocket upgraded(Socket socket) throws IOException {
        return new RawWebSocket(socket);
    }

    /** Sends one frame: FIN if {@code fin}, masked with a random key if {@code masked}. */
    public RawWebSocket frame(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
        out.write(encode(fin, opcode, payload, masked));
        out.flush();
        return this;
    }

    /** One frame as a client would send it. */
    public static byte[] encode(boolean fin, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((fin ? 0x80 : 0) | opcode);
        int mask = masked ? 0x80 : 0;
        if (payload.length < 126) {
            bytes.write(mask | payload.length);
        } else if (payload.length <= 0xFFFF) {
            bytes.write(mask | 126);
            bytes.write(payload.length >> 8);
            bytes.write(payload.length);
        } else {
            bytes.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes.write((int) ((long) payload.length >> shift));
            }
        }
        byte[] key = new byte[4];
        if (masked) {
            ThreadLocalRandom.current().nextBytes(key);
            bytes.write(key, 0, 4);
        }
        for (int i = 0; i < payload.length; i++) {
            bytes.write(payload[i] ^ key[i & 3]);
        }
        return bytes.toByteArray();
    }

    public RawWebSocket text(String message) throws IOException {
        return frame(true, 0x1, message.getBytes(StandardCharsets.UTF_8), true);
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame the server sends, within the deadline. */
    public Frame read() throws IOException {
        int first = readByte();
        int second = readByte();
        long length = second & 0x7F;
        if (length >= 126) {
            int count = length == 126 ? 2 : 8;
            length = 0;
            for (int i = 0; i < count; i++) {
                length = length << 8 | readByte();
            }
        }
        if ((second & 0x80) != 0) {
            throw new AssertionError("the server masked a frame");
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("frame cut short");
        }
        return new Frame((first & 0x80) != 0, first & 0x0F, payload);
    }

    /** Reads frames up to the first of {@code opcode}, and returns it. */
    public Frame readUntil(int opcode) throws IOException {
        while (true) {
            Frame frame = read();
            if (frame.opcode() == opcode) {
                return frame;
            }
        }
    }

    /** True if the server closes the connection within the deadline; false if it sends more bytes. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the server closed the connection");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
