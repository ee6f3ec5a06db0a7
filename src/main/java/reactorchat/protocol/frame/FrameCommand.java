package reactorchat.protocol.frame;

import java.util.function.BiConsumer;
import java.util.function.ToIntBiFunction;

import reactorchat.codec.Frame;
import reactorchat.codec.ToServer;
import reactorchat.protocol.CommandCost;

/**
 * The frame dialect's commands: the type each answers, the session method that handles it, and
 * what it costs against the flood budget (one frame, but for the listings: {@link CommandCost}).
 */
enum FrameCommand {
    NICK(ToServer.NICK, FrameSession::nick),
    JOIN(ToServer.JOIN, FrameSession::join),
    PART(ToServer.PART, FrameSession::part),
    SAY(ToServer.SAY, FrameSession::say),
    TELL(ToServer.TELL, FrameSession::tell),
    ROOMS(ToServer.ROOMS, FrameSession::rooms, FrameSession::roomsCost),
    HISTORY(ToServer.HISTORY, FrameSession::history, FrameSession::historyCost),
    WHO(ToServer.WHO, FrameSession::who, FrameSession::whoCost),
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
    /** In frames, given the session and the frame; asked only of a frame the handler will get. */
    final ToIntBiFunction<FrameSession, Frame> cost;

    FrameCommand(ToServer type, BiConsumer<FrameSession, Frame> handler) {
        this(type, handler, (session, frame) -> 1);
    }

    FrameCommand(ToServer type, BiConsumer<FrameSession, Frame> handler, ToIntBiFunction<FrameSession, Frame> cost) {
        this.type = type;
        this.handler = handler;
        this.cost = cost;
    }

    /** The command for a type byte, or null for a type a client may not send. */
    static FrameCommand of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
