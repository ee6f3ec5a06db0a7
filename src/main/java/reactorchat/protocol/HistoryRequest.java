package reactorchat.protocol;

/** How many lines of a room's history a client's request asks for, in the dialects that take a count. */
public final class HistoryRequest {
    /** Lines shown when the request names no count. */
    public static final int DEFAULT_LINES = 20;

    private HistoryRequest() {
    }

    /**
     * The lines {@code asked} (empty: {@link #DEFAULT_LINES}) asks for, at most {@code most}, what a
     * room keeps; -1 if it is not a number from 1 on.
     */
    public static int lines(String asked, int most) {
        if (asked.isEmpty()) {
            return Math.min(DEFAULT_LINES, most);
        }
        try {
            int lines = Integer.parseInt(asked);
            return lines < 1 ? -1 : Math.min(lines, most);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
