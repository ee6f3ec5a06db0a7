package reactorchat.protocol.line;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ToIntBiFunction;

import reactorchat.protocol.CommandCost;
import reactorchat.protocol.HistoryRequest;

/**
 * The line dialect's commands: how each is called, what it needs, what handles it, and what it
 * costs against the flood budget (one line, but for the listings: {@link CommandCost}).
 */
enum LineCommand {
    NICK("NAME", "change your nick", true, LineSession::nick),
    JOIN("ROOM", "move to another room (it exists while someone is in it)", true, LineSession::join),
    ROOMS("", "list the rooms and how many are in each", false, LineSession::rooms, LineSession::roomsCost),
    WHO("[ROOM]", "list who is in your room, or in ROOM", false, LineSession::who, LineSession::whoCost),
    HISTORY("[N]", "show the last N lines said in your room (default " + HistoryRequest.DEFAULT_LINES + ")", false,
            LineSession::history, LineSession::historyCost),
    MSG("NICK text", "send a private message", true, LineSession::msg),
    ME("action", "say what you are doing", true, LineSession::me),
    QUIT("[reason]", "leave the chat", false, LineSession::quit),
    HELP("", "show this list", false, LineSession::help);

    private static final Map<String, LineCommand> BY_NAME = new HashMap<>();

    static {
        for (LineCommand command : values()) {
            BY_NAME.put(command.name(), command);
        }
    }

    final String arguments;
    final String description;
    final boolean needsArguments;
    final BiConsumer<LineSession, String> handler;
    /** In lines, given the session and the command's arguments. */
    final ToIntBiFunction<LineSession, String> cost;

    LineCommand(String arguments, String description, boolean needsArguments, BiConsumer<LineSession, String> handler) {
        this(arguments, description, needsArguments, handler, (session, args) -> 1);
    }

    LineCommand(String arguments, String description, boolean needsArguments, BiConsumer<LineSession, String> handler,
                ToIntBiFunction<LineSession, String> cost) {
        this.arguments = arguments;
        this.description = description;
        this.needsArguments = needsArguments;
        this.handler = handler;
        this.cost = cost;
    }

    /** The command called {@code name} (without the slash, any case), or null. */
    static LineCommand named(String name) {
        return BY_NAME.get(name.toUpperCase(Locale.ROOT));
    }

    String usage() {
        return "/" + name().toLowerCase(Locale.ROOT) + (arguments.isEmpty() ? "" : " " + arguments);
    }
}
