package reactorchat.protocol.irc;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import reactorchat.chat.Names;
import reactorchat.chat.Room;
import reactorchat.chat.RoomMode;
import reactorchat.chat.User;
import reactorchat.codec.Text;

/**
 * MODE (RFC 2812 sections 3.1.5 and 3.2.3): the channel modes n, t, m, i, k, l, o, v and the lists
 * b, e, I, and the user mode i.
 */
final class ModeCommand {
    private ModeCommand() {
    }

    static void mode(IrcSession session, IrcMessage message) {
        if (message.param(0).startsWith("#")) {
            channelMode(session, message);
        } else {
            userMode(session, message);
        }
    }

    private static void channelMode(IrcSession session, IrcMessage message) {
        String channel = message.param(0);
        Optional<Room> room = ChannelCommands.room(session, channel);
        if (room.isEmpty()) {
            return;
        }
        if (message.size() < 2) {
            session.reply(Numerics.RPL_CHANNELMODEIS, channel, current(room.get(), room.get().contains(session.user)));
            session.reply(Numerics.RPL_CREATIONTIME, channel, room.get().createdMillis() / 1000);
            return;
        }
        List<RoomMode.Change> changes = parse(session, room.get(), message);
        if (!changes.isEmpty()
                && ChannelCommands.answer(session, session.chat.changeModes(session.user, room.get(), changes), channel, "")) {
            refusedEntries(session, room.get(), changes);
        }
    }

    /**
     * 478 for each list entry asked for that is not in its list now: the list was full, or the
     * chat's total of entries was ({@link reactorchat.chat.ChatTotals}).
     */
    private static void refusedEntries(IrcSession session, Room room, List<RoomMode.Change> changes) {
        for (RoomMode.Change change : changes) {
            if (change.mode().argument == RoomMode.Argument.MASK && change.on() && room.masks(change.mode()).stream()
                    .noneMatch(entry -> Names.fold(entry.mask()).equals(Names.fold(change.argument())))) {
                session.reply(Numerics.ERR_BANLISTFULL, IrcFormat.channel(room), IrcFormat.letter(change.mode()));
            }
        }
    }

    /**
     * The changes a mode string asks for, each with its argument. What cannot be done is answered
     * here (472, 461, 401, 441) and left out; at most {@link IrcDialect#MAX_MODES} changes are kept.
     * Each list (b, e, I) is shown at most once per command, as ngircd and solanum do: otherwise one
     * 500-byte {@code MODE #c bbbb…} line would make the loop format the whole list hundreds of times.
     */
    private static List<RoomMode.Change> parse(IrcSession session, Room room, IrcMessage message) {
        List<RoomMode.Change> changes = new ArrayList<>();
        Set<RoomMode> listed = EnumSet.noneOf(RoomMode.class);
        String letters = message.param(1);
        int next = 2;
        boolean on = true;
        for (int i = 0; i < letters.length() && changes.size() < IrcDialect.MAX_MODES
                && session.connection.isOpen(); i++) {
            char letter = letters.charAt(i);
            RoomMode mode = IrcFormat.mode(letter);
            if (letter == '+' || letter == '-') {
                on = letter == '+';
            } else if (mode == null) {
                session.reply(Numerics.ERR_UNKNOWNMODE, String.valueOf(letter));
            } else if (mode.argument == RoomMode.Argument.NONE || (mode == RoomMode.LIMIT && !on)) {
                changes.add(new RoomMode.Change(mode, on, ""));
            } else if (mode == RoomMode.KEY && !on) {
                next += message.param(next).isEmpty() ? 0 : 1;
                changes.add(new RoomMode.Change(mode, false, "*")); // CHANMODES type B: always an argument
            } else if (mode.argument == RoomMode.Argument.MASK && message.size() <= next) {
                if (listed.add(mode)) {
                    sendList(session, room, mode);
                }
            } else if (mode.argument == RoomMode.Argument.MASK) {
                String mask = message.param(next++);
                if (isValid(session, room, letter, mask)) {
                    changes.add(new RoomMode.Change(mode, on, normalMask(mask)));
                }
            } else if (message.size() <= next) {
                session.reply(Numerics.ERR_NEEDMOREPARAMS, "MODE");
            } else {
                String argument = message.param(next++);
                if (mode.argument == RoomMode.Argument.MEMBER ? isMember(session, room, argument)
                        : isValid(session, room, letter, argument)) {
                    changes.add(new RoomMode.Change(mode, on, argument));
                }
            }
        }
        return changes;
    }

    /** A key or mask is one word (JOIN could not give a key otherwise), a limit a positive number; else 696. */
    private static boolean isValid(IrcSession session, Room room, char letter, String argument) {
        boolean valid = letter == 'l' ? argument.matches("[0-9]{1,9}") && Integer.parseInt(argument) > 0
                : !argument.isEmpty() && argument.indexOf(' ') < 0 && argument.indexOf(',') < 0;
        if (!valid) {
            // The bad value is echoed only if it is one word; otherwise '*' keeps the reply parseable.
            String shown = argument.isEmpty() || argument.indexOf(' ') >= 0 ? "*" : Text.echo(argument);
            session.reply(Numerics.ERR_INVALIDMODEPARAM, IrcFormat.channel(room), letter, shown,
                    letter == 'k' ? "Invalid key" : letter == 'l' ? "Invalid limit" : "Invalid mask");
        }
        return valid;
    }

    /** A list's entries (367, 348, 346) and its end (368, 349, 347); anyone may ask. */
    private static void sendList(IrcSession session, Room room, RoomMode list) {
        Numerics.Numeric entry = switch (list) {
            case BAN_EXCEPTION -> Numerics.RPL_EXCEPTLIST;
            case INVITE_EXCEPTION -> Numerics.RPL_INVITELIST;
            default -> Numerics.RPL_BANLIST;
        };
        String channel = IrcFormat.channel(room);
        for (Room.MaskEntry each : room.masks(list)) {
            if (!session.connection.isOpen()) {
                return; // cut as a slow consumer by this very list: the rest would be formatted for nobody
            }
            session.reply(entry, channel, each.mask(), each.setBy(), each.millis() / 1000);
        }
        session.reply(switch (list) {
            case BAN_EXCEPTION -> Numerics.RPL_ENDOFEXCEPTLIST;
            case INVITE_EXCEPTION -> Numerics.RPL_ENDOFINVITELIST;
            default -> Numerics.RPL_ENDOFBANLIST;
        }, channel);
    }

    /**
     * A mask completed to {@code nick!user@host} form: {@code bob} is {@code bob!*@*}. Bidi and
     * invisible characters are removed: no nick, user or host holds one, and in a list they
     * would only disguise the entry.
     */
    private static String normalMask(String given) {
        String mask = Text.name(given);
        int bang = mask.indexOf('!');
        int at = mask.indexOf('@');
        if (bang < 0 && at < 0) {
            return mask + "!*@*";
        }
        if (bang < 0) {
            return "*!" + mask;
        }
        return at < 0 ? mask + "@*" : mask;
    }

    private static boolean isMember(IrcSession session, Room room, String nick) {
        Optional<User> user = session.chat.user(nick);
        if (user.isEmpty()) {
            session.reply(Numerics.ERR_NOSUCHNICK, Text.echo(nick));
        } else if (!room.contains(user.get())) {
            session.reply(Numerics.ERR_USERNOTINCHANNEL, nick, IrcFormat.channel(room));
        }
        return user.isPresent() && room.contains(user.get());
    }

    /** The room's modes as RPL_CHANNELMODEIS shows them; the key only to members. */
    private static String current(Room room, boolean member) {
        List<RoomMode.Change> on = new ArrayList<>();
        for (RoomMode mode : room.modes()) {
            String argument = switch (mode) {
                case KEY -> member ? room.joinKey() : "*";
                case LIMIT -> String.valueOf(room.limit());
                default -> "";
            };
            on.add(new RoomMode.Change(mode, true, argument));
        }
        return on.isEmpty() ? "+" : IrcFormat.modeString(on);
    }

    /** User modes: i (invisible), w (receives WALLOPS), o (server operator: only OPER sets it). */
    private static void userMode(IrcSession session, IrcMessage message) {
        String nick = message.param(0);
        Optional<User> target = session.chat.user(nick);
        if (target.isEmpty()) {
            session.reply(Numerics.ERR_NOSUCHNICK, Text.echo(nick));
            return;
        }
        User user = session.user;
        if (target.get() != user) {
            session.reply(Numerics.ERR_USERSDONTMATCH);
            return;
        }
        if (message.size() < 2) {
            session.reply(Numerics.RPL_UMODEIS, "+" + userModes(session));
            return;
        }
        String before = userModes(session);
        boolean on = true;
        boolean unknown = false;
        for (char letter : message.param(1).toCharArray()) {
            switch (letter) {
                case '+', '-' -> on = letter == '+';
                case 'i' -> user.setInvisible(on);
                case 'w' -> session.dialect.receiveWallops(session, on);
                case 'o' -> user.setServerOperator(on ? user.operatorLogin() : null); // RFC 2812 3.1.5: +o is ignored
                default -> unknown = true;
            }
        }
        if (unknown) {
            session.reply(Numerics.ERR_UMODEUNKNOWNFLAG);
        }
        String change = change(before, userModes(session));
        if (!change.isEmpty()) {
            session.send(":" + IrcFormat.source(user) + " MODE " + user.nick() + " :" + change);
        }
    }

    /** The user modes that are on, as letters. */
    static String userModes(IrcSession session) {
        return (session.user.isInvisible() ? "i" : "") + (session.dialect.receivesWallops(session) ? "w" : "")
                + (session.user.isServerOperator() ? "o" : "");
    }

    /** What turned on and off between two sets of mode letters: {@code +w-i}. */
    static String change(String before, String after) {
        StringBuilder added = new StringBuilder();
        StringBuilder removed = new StringBuilder();
        for (char letter : "iwo".toCharArray()) {
            boolean was = before.indexOf(letter) >= 0;
            boolean is = after.indexOf(letter) >= 0;
            if (is && !was) {
                added.append(letter);
            } else if (was && !is) {
                removed.append(letter);
            }
        }
        return (added.length() > 0 ? "+" + added : "") + (removed.length() > 0 ? "-" + removed : "");
    }
}
