package reactorchat.testing;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Standard output or error as the log writes it, kept for a test that waits, with a deadline, for a line. */
public final class LogLines extends PrintStream {
    private final StringBuilder text = new StringBuilder();

    public LogLines(PrintStream through) {
        super(through, true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        super.write(bytes, offset, length);
        text.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
        notifyAll();
    }

    public synchronized String text() {
        return text.toString();
    }

    public synchronized void await(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (text.indexOf(expected) < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("never logged '" + expected + "'; logged: " + text);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
