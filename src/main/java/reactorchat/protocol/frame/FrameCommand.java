package reactorchat.protocol.frame;

import java.util.function.BiConsumer;

import reactorchat.codec.Frame;
import reactorchat.codec.ToServer;

/** The frame dialect's commands: the type each answers and the session method that handles it. */
enum FrameCommand {
    NICK(ToServer.NICK, FrameSession::nick),
    JOIN(ToServer.JOIN, FrameSession::join),
    PART(ToServer.PART, FrameSession::part),
    SAY(ToServer.SAY, FrameSession::say),
    TELL(ToServer.TELL, FrameSession::tell),
    ROOMS(ToServer.ROOMS, FrameSession::rooms),
    WHO(ToServer.WHO, FrameSession::who),
    QUIT(ToServer.QUIT, FrameSession::quit),
    PING(ToServer.PING, FrameSession::ping),
    /** Before anything else, if the server needs a password. */
    PASS(ToServer.PASS, FrameSession::pass),
    OFFER(ToServer.OFFER, (session, frame) -> session.files().offer(frame)),
    ACCEPT(ToServer.ACCEPT, (session, frame) -> session.files().accept(frame)),
    DECLINE(ToServer.DECLINE, (session, frame) -> session.files().decline(frame)),
    CANCEL(ToServer.CANCEL, (session, frame) -> session.files().cancel(frame)),
    /** Not charged to the flood budget when relayed: a receiver's water marks pace it. */
    CHUNK(ToServer.CHUNK, (session, frame) -> session.files().chunk(frame));

    private static final FrameCommand[] BY_CODE = new FrameCommand[256];

    static {
        for (FrameCommand command : values()) {
            BY_CODE[command.type.code] = command;
        }
    }

    final ToServer type;
    final BiConsumer<FrameSession, Frame> handler;

    FrameCommand(ToServer type, BiConsumer<FrameSession, Frame> handler) {
        this.type = type;
        this.handler = handler;
    }

    /** The command for a type byte, or null for a type a client may not send. */
    static FrameCommand of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
