package reactorchat.codec;

/** The frame types a client sends, with the fields each must have (docs/protocol.md). */
public enum ToServer {
    NICK(0x01, 1),
    JOIN(0x02, 1),
    /** room, then a reason that may be empty or left out. */
    PART(0x03, 1),
    SAY(0x04, 2),
    TELL(0x05, 2),
    ROOMS(0x06, 0),
    WHO(0x07, 1),
    /** a reason that may be empty or left out. */
    QUIT(0x08, 0),
    PING(0x09, 1),
    /** the server's password: the first frame, if the server needs one. */
    PASS(0x0A, 1),
    /** room, then how many lines (may be empty or left out) and a message id to end before (likewise). */
    HISTORY(0x0B, 1),
    /** nick, file name, size, sha256. */
    OFFER(0x10, 4),
    ACCEPT(0x11, 1),
    DECLINE(0x12, 1),
    /** id, then a reason that may be empty or left out. */
    CANCEL(0x13, 1),
    /** id; the body is the next bytes of the file. */
    CHUNK(0x14, 1);

    private static final ToServer[] BY_CODE = new ToServer[256];

    static {
        for (ToServer type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    /** The type byte. */
    public final int code;
    /** Fields a frame of this type must have; more are ignored. */
    public final int fields;

    ToServer(int code, int fields) {
        this.code = code;
        this.fields = fields;
    }

    /** The type with this byte, or null. */
    public static ToServer of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    public Frame frame(String... fields) {
        return Frame.of(code, fields);
    }
}
