package reactorchat.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately faulty line-dialect server for proving the simulator can fail: it greets, answers
 * {@code /join}, and relays every other line to everyone as {@code HH:MM:SS <nick> text}, except
 * that a {@link Fault} may drop, hold back or delay one of them. Blocking sockets and a thread per
 * client, because it is small and only a test.
 */
final class FakeLineServer implements AutoCloseable {
    /** The relayed message number at which a fault strikes (counting from 1). */
    static final int FAULTY_MESSAGE = 5;
    static final long STALL_MILLIS = 200;

    enum Fault { DROP_ONE, REORDER_ONE, STALL_ONCE, STOP_AFTER_TEN }

    private final ServerSocket server;
    private final Fault fault;
    private final List<OutputStream> clients = new ArrayList<>();
    private int relayed;
    private byte[] heldBack;
    private String heldBackFrom;

    FakeLineServer(Fault fault) throws IOException {
        this.fault = fault;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        start(this::accept);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (this) {
            for (OutputStream client : clients) {
                client.close();
            }
        }
    }

    private void start(Runnable task) {
        Thread thread = new Thread(task, "fake-line-server");
        thread.setDaemon(true);
        thread.start();
    }

    private void accept() {
        try {
            while (true) {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                String nick;
                synchronized (this) {
                    clients.add(out);
                    nick = "guest-" + clients.size();
                    write(out, "* welcome to fake, you are " + nick + " in lobby (" + clients.size()
                            + " users); /help lists the commands\n");
                }
                start(() -> serve(socket, out, nick));
            }
        } catch (IOException e) {
            // closed by the test: stop accepting
        }
    }

    private void serve(Socket socket, OutputStream out, String nick) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("/join")) {
                    synchronized (this) {
                        write(out, "* you are already in lobby\n");
                    }
                } else {
                    relay(nick, ("12:00:00 <" + nick + "> " + line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // the client left or the test closed us
        }
    }

    /**
     * Sends to everyone; the faulty message is treated according to {@link #fault}, for client 0
     * only. A reordered message is held back until the next one from the same sender has gone,
     * since only one sender's order is defined.
     */
    private synchronized void relay(String nick, byte[] line) throws IOException {
        relayed++;
        if (fault == Fault.STOP_AFTER_TEN && relayed > 10) {
            return; // the relay dies quietly: nothing more reaches anyone
        }
        if (relayed == FAULTY_MESSAGE && fault == Fault.STALL_ONCE) {
            sleepStall();
        }
        for (int i = 0; i < clients.size(); i++) {
            OutputStream out = clients.get(i);
            if (i == 0 && relayed == FAULTY_MESSAGE && (fault == Fault.DROP_ONE || fault == Fault.REORDER_ONE)) {
                heldBack = fault == Fault.REORDER_ONE ? line : null;
                heldBackFrom = nick;
                continue;
            }
            out.write(line);
            if (i == 0 && heldBack != null && nick.equals(heldBackFrom)) {
                out.write(heldBack);
                heldBack = null;
            }
            out.flush();
        }
    }

    private static void sleepStall() {
        try {
            Thread.sleep(STALL_MILLIS); // the fault under test is exactly this pause
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // a client gone before its greeting: its reader thread will notice
        }
    }
}
