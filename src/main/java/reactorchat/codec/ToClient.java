package reactorchat.codec;

/** The frame types the server sends, with the fields each has (docs/protocol.md). */
public enum ToClient {
    /** server name, protocol version, your nick. */
    WELCOME(0x80, 3),
    /** code, message, the name of the type it answers (empty if none). */
    ERROR(0x81, 3),
    JOINED(0x82, 2),
    LEFT(0x83, 3),
    QUIT(0x84, 2),
    NICK(0x85, 2),
    /** room, nick, kind, text, time, id. */
    MESSAGE(0x86, 5),
    /** from, to, kind, text, time, id. */
    PRIVATE(0x87, 5),
    NOTICE(0x88, 1),
    /** pairs of room name and user count. */
    ROOMS(0x89, 0),
    /** room, then one field per nick. */
    WHO(0x8A, 1),
    PONG(0x8B, 1),
    BYE(0x8C, 1),
    /** room, nick, kind, text, time, id: one line of a room's history. */
    HISTORY(0x8D, 6),
    /** room, lines sent: the end of an answer to HISTORY. */
    HISTORY_END(0x8E, 2),
    /** id, from nick, file name, size, sha256. */
    OFFER(0x90, 5),
    /** id, to nick, file name, size. */
    OFFERED(0x91, 4),
    ACCEPTED(0x92, 1),
    DECLINED(0x93, 1),
    /** id; the body is file bytes. */
    CHUNK(0x94, 1),
    /** id, reason. */
    CANCELLED(0x95, 2),
    COMPLETE(0x96, 1);

    private static final ToClient[] BY_CODE = new ToClient[256];

    static {
        for (ToClient type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    /** The type byte. */
    public final int code;
    /** Fields a frame of this type has at least. */
    public final int fields;

    ToClient(int code, int fields) {
        this.code = code;
        this.fields = fields;
    }

    /** The type with this byte, or null. */
    public static ToClient of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    public Frame frame(String... fields) {
        return Frame.of(code, fields);
    }
}
