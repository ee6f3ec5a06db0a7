package reactorchat.protocol.irc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import reactorchat.chat.ChatEvent;
import reactorchat.chat.ChatEvent.Kind;
import reactorchat.chat.Names;
import reactorchat.chat.Outcome;
import reactorchat.chat.Room;
import reactorchat.chat.User;
import reactorchat.codec.Text;

/**
 * Sending messages (RFC 2812 section 3.3): PRIVMSG and NOTICE to channels and nicks, TAGMSG (IRCv3
 * message-tags: tags alone), AWAY and SETNAME. A sender that negotiated message-tags has its
 * client-only tags relayed; with echo-message it is sent its own message as the others get it.
 */
final class MessageCommands {
    private MessageCommands() {
    }

    static void privmsg(IrcSession session, IrcMessage message) {
        send(session, message, false);
    }

    /**
     * Like PRIVMSG, but errors are never answered: RFC 2812 section 3.3.2 forbids servers to reply
     * to a NOTICE, so that two automatons can never loop on each other.
     */
    static void notice(IrcSession session, IrcMessage message) {
        send(session, message, true);
    }

    static void away(IrcSession session, IrcMessage message) {
        String text = message.param(0);
        if (!session.chat.setAway(session.user,
                text.length() > IrcDialect.AWAY_LENGTH ? text.substring(0, IrcDialect.AWAY_LENGTH) : text)) {
            session.reply(Numerics.ERR_UNAVAILRESOURCE, "AWAY", ChannelCommands.FULL_CHAT);
            return;
        }
        session.reply(text.isEmpty() ? Numerics.RPL_UNAWAY : Numerics.RPL_NOWAWAY);
    }

    private static void send(IrcSession session, IrcMessage message, boolean notice) {
        List<String> targets = distinct(message.list(0));
        if (targets.isEmpty()) { // no target, or only commas
            error(session, notice, Numerics.ERR_NORECIPIENT, message.command());
            return;
        }
        if (message.param(1).isEmpty()) {
            error(session, notice, Numerics.ERR_NOTEXTTOSEND);
            return;
        }
        if (targets.size() > IrcDialect.MAX_TARGETS) {
            error(session, notice, Numerics.ERR_TOOMANYTARGETS, Text.echo(message.param(0)));
            return;
        }
        String text = message.param(1);
        Kind kind = notice ? Kind.NOTICE : Kind.SAY;
        if (!notice && text.startsWith(IrcFormat.ACTION_START)) {
            kind = Kind.ACTION;
            text = text.substring(IrcFormat.ACTION_START.length(),
                    text.length() - (text.endsWith(IrcFormat.ACTION_END) ? 1 : 0));
        }
        String tags = relayed(session, message);
        for (String target : targets) {
            if ((target.startsWith("@#") || target.startsWith("+#"))) {
                toStanding(session, target, kind, text, tags, notice);
            } else if (target.startsWith("#")) {
                toChannel(session, target, kind, text, tags, notice);
            } else {
                toNick(session, target, kind, text, tags, notice);
            }
        }
    }

    /** TAGMSG target[,target]: the client-only tags alone, to those who negotiated message-tags. */
    static void tagmsg(IrcSession session, IrcMessage message) {
        List<String> targets = distinct(message.list(0));
        if (targets.isEmpty()) {
            session.reply(Numerics.ERR_NORECIPIENT, message.command());
            return;
        }
        if (targets.size() > IrcDialect.MAX_TARGETS) {
            session.reply(Numerics.ERR_TOOMANYTARGETS, Text.echo(message.param(0)));
            return;
        }
        String tags = relayed(session, message);
        for (String target : targets) {
            if (target.startsWith("#")) {
                Optional<Room> room = ChannelCommands.visible(session, target);
                if (room.isEmpty()) {
                    session.reply(Numerics.ERR_NOSUCHCHANNEL, Text.echo(target));
                } else if (session.chat.tag(session.user, room.get(), tags) != Outcome.DONE) {
                    session.reply(Numerics.ERR_CANNOTSENDTOCHAN, target);
                }
            } else {
                Optional<ChatEvent.Tagged> sent = session.chat.tag(session.user, target, tags);
                if (sent.isEmpty()) {
                    session.reply(Numerics.ERR_NOSUCHNICK, Text.echo(target));
                } else {
                    session.echo(sent.get());
                }
            }
        }
    }

    /** SETNAME :real name (IRCv3 setname): everyone sharing a channel, and the user, are told. */
    static void setname(IrcSession session, IrcMessage message) {
        String name = message.param(0);
        if (name.isEmpty() || name.length() > IrcDialect.REAL_NAME_LENGTH) {
            session.send(":" + session.dialect.serverName + " FAIL SETNAME INVALID_REALNAME :Real name is empty or too long");
            return;
        }
        session.chat.setRealName(session.user, name);
    }

    /** The tags a message asks to be relayed: none unless its sender negotiated message-tags. */
    private static String relayed(IrcSession session, IrcMessage message) {
        return session.has(IrcDialect.Capability.MESSAGE_TAGS) ? message.clientTags() : "";
    }

    private static void toChannel(IrcSession session, String target, Kind kind, String text, String tags,
                                  boolean notice) {
        // A secret room answers an outsider as a missing one does (403, not 404).
        Optional<Room> room = ChannelCommands.visible(session, target);
        if (room.isEmpty()) {
            error(session, notice, Numerics.ERR_NOSUCHCHANNEL, Text.echo(target));
            return;
        }
        if (session.chat.say(session.user, room.get(), kind, text, tags) != Outcome.DONE) {
            error(session, notice, Numerics.ERR_CANNOTSENDTOCHAN, target);
        }
    }

    /** {@code @#channel} (STATUSMSG): to its operators; {@code +#channel}: to its voiced members too. */
    private static void toStanding(IrcSession session, String target, Kind kind, String text, String tags,
                                   boolean notice) {
        Optional<Room> room = ChannelCommands.visible(session, target.substring(1));
        if (room.isEmpty()) {
            error(session, notice, Numerics.ERR_NOSUCHCHANNEL, Text.echo(target));
            return;
        }
        boolean voicedToo = target.charAt(0) == '+';
        if (session.chat.sayToStanding(session.user, room.get(), voicedToo, kind, text, tags) != Outcome.DONE) {
            error(session, notice, Numerics.ERR_CANNOTSENDTOCHAN, target);
        }
    }

    private static void toNick(IrcSession session, String target, Kind kind, String text, String tags,
                               boolean notice) {
        Optional<ChatEvent.PrivateMessage> sent = session.chat.tell(session.user, target, kind, text, tags);
        if (sent.isEmpty()) {
            error(session, notice, Numerics.ERR_NOSUCHNICK, Text.echo(target));
            return;
        }
        User to = sent.get().to();
        session.echo(sent.get());
        if (!notice && !to.away().isEmpty()) {
            session.reply(Numerics.RPL_AWAY, to.nick(), to.away());
        }
    }

    /** Each target once, compared as nicks and channels are: {@code PRIVMSG a,A,a} reaches a once. */
    private static List<String> distinct(List<String> targets) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String target : targets) {
            byKey.putIfAbsent(Names.fold(target), target);
        }
        return List.copyOf(byKey.values());
    }

    private static void error(IrcSession session, boolean notice, Numerics.Numeric numeric, Object... args) {
        if (!notice) {
            session.reply(numeric, args);
        }
    }
}
