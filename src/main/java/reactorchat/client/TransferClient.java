package reactorchat.client;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import reactorchat.codec.Frame;
import reactorchat.codec.Text;
import reactorchat.codec.ToClient;
import reactorchat.codec.ToServer;

/**
 * What the file sender and receiver share: connecting to the frame dialect, the welcome and the
 * nick, showing what the chat says meanwhile, and being interrupted (Ctrl-C) from another thread,
 * which the transfer loop answers by cancelling what it has going before it closes.
 */
abstract class TransferClient {
    /** How long the welcome and the nick may take. */
    private static final long HANDSHAKE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How long a last CANCEL or QUIT may take to leave. */
    static final long GOODBYE_MILLIS = 2_000;
    /** How often a waiting loop wakes to redraw progress. */
    static final long TICK_MILLIS = 100;
    /**
     * Silence after which a PING is sent, so that a server's --idle-timeout does not cut a client
     * that waits for an offer, an answer, or the chunks of a long file.
     */
    static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(20);

    final PrintStream out;
    final PrintStream err;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile FrameLink link;
    /** {@link #KEEP_ALIVE_NANOS}; shorter in a test against a short --idle-timeout. */
    long keepAliveNanos = KEEP_ALIVE_NANOS;
    private String nick;

    TransferClient(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Connects, registers and runs {@link #session}; the exit status. */
    final int run(InetSocketAddress target, String wantedNick) {
        try {
            try {
                link = FrameLink.connect(target);
            } catch (IOException e) {
                return fail(Client.FAILED, "cannot connect to " + Client.describe(target) + ": " + Client.reason(e));
            }
            try {
                register(wantedNick);
                return session(link);
            } catch (IOException e) {
                return fail(Client.FAILED, Client.reason(e));
            } finally {
                link.close();
            }
        } finally {
            finished.countDown();
        }
    }

    /** The transfer itself, once registered; returns the exit status. */
    abstract int session(FrameLink link) throws IOException;

    /** From another thread: asks the session to cancel what it has going and end, and waits a while for that. */
    final void interrupt() {
        interrupted.set(true);
        FrameLink current = link;
        if (current != null) {
            current.wakeup();
        }
        try {
            finished.await(GOODBYE_MILLIS + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a PING if nothing has been sent for {@link #keepAliveNanos}. */
    final void keepAlive(FrameLink link, long nowNanos) {
        if (nowNanos - link.lastSendNanos() >= keepAliveNanos) {
            link.send(ToServer.PING.frame("keep-alive"));
        }
    }

    final boolean interrupted() {
        return interrupted.get();
    }

    final String nick() {
        return nick;
    }

    /** Waits for the welcome, then takes {@code wanted} if given. */
    private void register(String wanted) throws IOException {
        long deadline = System.nanoTime() + HANDSHAKE_NANOS;
        awaitUntil(deadline, "the welcome", frame -> {
            if (frame.type() == ToClient.WELCOME.code) {
                nick = frame.field(2);
                return true;
            }
            return false;
        });
        if (wanted == null || wanted.equals(nick)) {
            return;
        }
        link.send(ToServer.NICK.frame(wanted));
        awaitUntil(deadline, "the nick", frame -> {
            if (frame.type() == ToClient.NICK.code && frame.field(0).equals(nick)) {
                nick = frame.field(1);
                return true;
            }
            if (frame.type() == ToClient.ERROR.code && frame.field(2).equals("NICK")) {
                throw new IOException("cannot take the nick " + wanted + ": " + frame.field(1));
            }
            return false;
        });
    }

    private interface Until {
        boolean reached(Frame frame) throws IOException;
    }

    private void awaitUntil(long deadline, String what, Until until) throws IOException {
        boolean[] reached = {false};
        while (!reached[0]) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || interrupted()) {
                throw new IOException(interrupted() ? "interrupted" : "no " + what + " from the server within 10 s");
            }
            link.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), frame -> {
                if (!reached[0] && !(reached[0] = until.reached(frame))) {
                    show(frame);
                }
            });
            if (link.closedByServer() && !reached[0]) {
                throw new IOException("the server closed the connection before " + what);
            }
        }
    }

    /** Shows a frame the transfer has no use for: chat that reaches this user, and errors. */
    final void show(Frame frame) {
        ToClient type = ToClient.of(frame.type());
        if (type == null) {
            return;
        }
        switch (type) {
            case NOTICE -> say("* " + frame.field(0));
            case PRIVATE -> say("*" + frame.field(0) + "* " + frame.field(3));
            case ERROR -> say("! " + frame.field(1) + " (" + frame.field(0) + ")");
            case BYE -> say("* bye: " + frame.field(0));
            default -> {
                // room traffic and the like: a file client is in no room
            }
        }
    }

    /** One line on stderr, cleaned of control characters since its text may come from anyone. */
    final void say(String line) {
        err.println(Text.clean(line));
        err.flush();
    }

    final int fail(int status, String why) {
        say("reactor-chat client: " + why);
        return status;
    }
}
