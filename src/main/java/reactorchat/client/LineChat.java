package reactorchat.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import reactorchat.codec.LineDecoder;
import reactorchat.codec.Text;

/**
 * The interactive client for the line dialect, as a two-way chat client: this thread reads the
 * server and prints its lines, a second one copies what is typed to the server. Typed bytes go out
 * as they are (the server decodes and cleans them); the server's lines are cleaned of control
 * characters again before they reach the terminal, so that no server can send escape sequences.
 * End of input sends {@code /quit} and waits, for a while, for the server to close.
 */
final class LineChat {
    /** Longest line printed from the server; a longer one is reported and skipped. */
    private static final int MAX_LINE = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** After {@code /quit}, how long the server has to close before this side does. */
    private static final long QUIT_GRACE_SECONDS = 5;

    private final InputStream typed;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch serverClosed = new CountDownLatch(1);
    private final AtomicBoolean closedHere = new AtomicBoolean();
    /** Null for plain TCP. */
    private final ClientTls tls;
    private Socket socket;

    LineChat(InputStream typed, PrintStream out, PrintStream err, ClientTls tls) {
        this.typed = typed;
        this.out = out;
        this.err = err;
        this.tls = tls;
    }

    /** Connects, chats until either side ends, and returns the exit status: 0 clean, 1 failed. */
    int run(InetSocketAddress target, String nick) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(target.getHostString(), target.getPort()), CONNECT_TIMEOUT_MILLIS);
            if (tls != null) {
                socket.setSoTimeout(CONNECT_TIMEOUT_MILLIS); // for the handshake; reads then wait as long as it takes
                socket = tls.wrap(socket, target.getHostString(), target.getPort());
                socket.setSoTimeout(0);
            }
        } catch (IOException e) {
            err.println("reactor-chat client: cannot connect to " + Client.describe(target) + ": " + Client.reason(e));
            closeQuietly();
            return Client.FAILED;
        }
        try {
            if (nick != null) {
                send(("/nick " + nick + "\n").getBytes(StandardCharsets.UTF_8));
            }
            Thread keyboard = new Thread(this::copyTyping, "client-keyboard");
            keyboard.setDaemon(true); // a read of the terminal cannot be interrupted; the process exit ends it
            keyboard.start();
            return printServerLines();
        } finally {
            serverClosed.countDown();
            closeQuietly();
        }
    }

    private int printServerLines() {
        LineDecoder decoder = new LineDecoder(MAX_LINE);
        LineDecoder.Sink sink = new LineDecoder.Sink() {
            @Override
            public void line(byte[] bytes, int offset, int length) {
                out.println(Text.clean(bytes, offset, length));
            }

            @Override
            public void lineTooLong(int maxLength) {
                err.println("reactor-chat client: skipped a line from the server longer than " + maxLength + " bytes");
            }
        };
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = socket.getInputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                decoder.decode(ByteBuffer.wrap(buffer, 0, n), sink);
                out.flush();
            }
            return Client.OK;
        } catch (IOException e) {
            if (closedHere.get()) {
                return Client.OK; // the server did not close after /quit in time, so this side did
            }
            err.println("reactor-chat client: connection lost: " + Client.reason(e));
            return Client.FAILED;
        }
    }

    /** Copies typed bytes to the server; at end of input, finishes the last line, says /quit and waits. */
    private void copyTyping() {
        byte[] buffer = new byte[4096];
        byte last = '\n';
        try {
            for (int n; (n = typed.read(buffer)) >= 0; ) {
                if (n > 0) {
                    send(buffer, n);
                    last = buffer[n - 1];
                }
            }
            send(((last == '\n' ? "" : "\n") + "/quit\n").getBytes(StandardCharsets.UTF_8));
            if (!serverClosed.await(QUIT_GRACE_SECONDS, TimeUnit.SECONDS)) {
                closedHere.set(true);
                closeQuietly();
            }
        } catch (IOException e) {
            // The server side has gone; the reading thread reports it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(byte[] bytes) {
        send(bytes, bytes.length);
    }

    private void send(byte[] bytes, int length) {
        try {
            OutputStream to = socket.getOutputStream();
            to.write(bytes, 0, length);
            to.flush();
        } catch (IOException e) {
            // A write to a closed connection: the reading thread sees the close and reports it.
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }
}
