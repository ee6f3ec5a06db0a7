package reactorchat.protocol.web;

import reactorchat.codec.WebSocketFrames;

/**
 * What a WebSocket speaks inside its messages, chosen in the handshake (Sec-WebSocket-Protocol).
 * Every one carries one line per message, each way; see docs/protocol.md.
 */
enum Subprotocol {
    /** IRCv3's WebSocket spec: one IRC message per text frame. Also what a client that asks for none gets. */
    TEXT_IRC("text.ircv3.net", WebSocketFrames.TEXT, true),
    /** IRCv3's WebSocket spec: one IRC message per binary frame. */
    BINARY_IRC("binary.ircv3.net", WebSocketFrames.BINARY, true),
    /** The bundled page's: the line dialect, one line per text frame. */
    CHAT("reactor-chat.v1", WebSocketFrames.TEXT, false);

    /** What a client that offers no subprotocol speaks: IRC, as InspIRCd does, so web IRC clients need no setting. */
    static final Subprotocol DEFAULT = TEXT_IRC;

    final String token;
    /** The opcode of the frames the server sends. */
    final int opcode;
    /** An IRC session, else a line-dialect one. */
    final boolean irc;

    Subprotocol(String token, int opcode, boolean irc) {
        this.token = token;
        this.opcode = opcode;
        this.irc = irc;
    }

    /**
     * The first of the client's offers ({@code a, b}, in its order of preference) that is known;
     * {@link #DEFAULT} if it offered none; null if it offered only unknown ones.
     */
    static Subprotocol chosen(String offered) {
        if (offered == null || offered.isBlank()) {
            return DEFAULT;
        }
        for (String token : offered.split(",")) {
            for (Subprotocol protocol : values()) {
                if (protocol.token.equals(token.strip())) {
                    return protocol;
                }
            }
        }
        return null;
    }
}
