package reactorchat.client;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** What a client prints, captured for a test that waits, with a deadline, for a given text to appear. */
final class Captured {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(new OutputStream() {
        @Override
        public void write(int b) {
            synchronized (Captured.this) {
                bytes.write(b);
                Captured.this.notifyAll();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (Captured.this) {
                bytes.write(b, off, len);
                Captured.this.notifyAll();
            }
        }
    }, true, StandardCharsets.UTF_8);

    PrintStream stream() {
        return stream;
    }

    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Waits up to ten seconds for {@code expected} to have been printed. */
    synchronized void await(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!text().contains(expected)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("never printed '" + expected + "'; printed: " + text());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
