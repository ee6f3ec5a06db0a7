package reactorchat.chat;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One file on its way from one user to another: offered, then accepted, then relayed chunk by
 * chunk until its size is reached. The chat keeps its bookkeeping only; the bytes pass through
 * the dialect without stopping here. Ended transfers are forgotten by {@link Transfers}.
 */
public final class Transfer {
    /** How far a live transfer has got. */
    public enum State { OFFERED, ACCEPTED }

    /** What a party to a transfer is told. */
    public enum Change { ACCEPTED, DECLINED, CANCELLED, COMPLETED }

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    /** A file name is a name, not a path: the receiver may save it under that name. In characters (code points). */
    private static final int MAX_NAME_CHARS = 255;

    private final long id;
    private final User sender;
    private final User receiver;
    private final String fileName;
    private final long size;
    private final String sha256;
    private State state = State.OFFERED;
    private long relayed;

    Transfer(long id, User sender, User receiver, String fileName, long size, String sha256) {
        this.id = id;
        this.sender = sender;
        this.receiver = receiver;
        this.fileName = fileName;
        this.size = size;
        this.sha256 = sha256;
    }

    /** Why {@code from} may not offer this file to {@code to}, in words for the sender; null if they may. */
    static String badOffer(User from, User to, String fileName, long size, String sha256) {
        if (to == from) {
            return "you cannot send a file to yourself";
        }
        if (fileName.isBlank() || fileName.codePointCount(0, fileName.length()) > MAX_NAME_CHARS
                || fileName.equals(".") || fileName.equals("..")
                || fileName.indexOf('/') >= 0 || fileName.indexOf('\\') >= 0) {
            return "a file name is 1-" + MAX_NAME_CHARS + " characters without / or \\";
        }
        if (size < 0) {
            return "a size is 0 or more bytes";
        }
        return SHA256.matcher(sha256).matches() ? null : "sha256 must be 64 hex digits";
    }

    public long id() {
        return id;
    }

    public User sender() {
        return sender;
    }

    public User receiver() {
        return receiver;
    }

    public String fileName() {
        return fileName;
    }

    /** Bytes offered: the transfer is complete once this many have been relayed. */
    public long size() {
        return size;
    }

    /** The SHA-256 the sender gave, 64 lower-case hex digits; the receiver checks it, not the server. */
    public String sha256() {
        return sha256;
    }

    public State state() {
        return state;
    }

    /** Bytes relayed so far. */
    public long relayed() {
        return relayed;
    }

    boolean involves(User user) {
        return user == sender || user == receiver;
    }

    void accepted() {
        state = State.ACCEPTED;
    }

    void relayed(int bytes) {
        relayed += bytes;
    }

    /** The size for people: {@code 1.2 MB}, in powers of 1000 as disk makers count. */
    public String humanSize() {
        if (size < 1000) {
            return size + (size == 1 ? " byte" : " bytes");
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = size;
        int unit = -1;
        while (value >= 999.95 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    @Override
    public String toString() {
        return "transfer " + id + " of " + fileName + " from " + sender + " to " + receiver;
    }
}
