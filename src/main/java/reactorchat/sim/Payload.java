package reactorchat.sim;

/**
 * The text of one test message: {@code ~SENDER SEQ NANOS xxxx…}, padded with {@code x} to the
 * requested size. NANOS is the intended send time, relative to the run's start, so the receiver
 * can measure latency from the schedule rather than from when the send actually happened.
 * Written and read without allocating, since both happen millions of times a second.
 */
final class Payload {
    static final byte MARK = '~';

    /** Fields of the payload last {@link #parse}d. */
    int sender;
    long seq;
    long intendedNanos;
    private long number;

    private Payload() {
    }

    static Payload reader() {
        return new Payload();
    }

    /** Writes a payload of at least {@code size} bytes at {@code at}; returns the index after it. */
    static int write(byte[] into, int at, int sender, long seq, long intendedNanos, int size) {
        int start = at;
        into[at++] = MARK;
        at = writeLong(into, at, sender);
        into[at++] = ' ';
        at = writeLong(into, at, seq);
        into[at++] = ' ';
        at = writeLong(into, at, intendedNanos);
        into[at++] = ' ';
        while (at - start < size) {
            into[at++] = 'x';
        }
        return at;
    }

    /** Reads the payload starting at {@code at}; false if it is not one of ours. */
    boolean parse(byte[] bytes, int at, int end) {
        if (at >= end || bytes[at] != MARK) {
            return false;
        }
        int position = readNumber(bytes, at + 1, end);
        if (position < 0 || number > Integer.MAX_VALUE) {
            return false;
        }
        sender = (int) number;
        position = readNumber(bytes, position, end);
        if (position < 0) {
            return false;
        }
        seq = number;
        position = readNumber(bytes, position, end);
        if (position < 0) {
            return false;
        }
        intendedNanos = number;
        return true;
    }

    /** Reads digits ended by a space or the end into {@link #number}; the index after the space, or -1. */
    private int readNumber(byte[] bytes, int from, int end) {
        long value = 0;
        int position = from;
        while (position < end && bytes[position] >= '0' && bytes[position] <= '9' && position - from < 18) {
            value = value * 10 + (bytes[position++] - '0');
        }
        if (position == from || (position < end && bytes[position] != ' ')) {
            return -1;
        }
        number = value;
        return position + 1;
    }

    private static int writeLong(byte[] into, int at, long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        long v = value;
        for (int i = at + digits - 1; i >= at; i--) {
            into[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + digits;
    }
}
