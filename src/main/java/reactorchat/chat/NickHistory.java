package reactorchat.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Who had which nick lately (for WHOWAS), newest first; past {@link Chat#HISTORY} the oldest is forgotten. */
final class NickHistory {
    private final ArrayDeque<Chat.Former> formers = new ArrayDeque<>();

    void remember(User user, long millis) {
        formers.addFirst(new Chat.Former(user.nick(), user.ident(), user.host(), user.realName(), millis));
        if (formers.size() > Chat.HISTORY) {
            formers.removeLast();
        }
    }

    List<Chat.Former> of(String nick) {
        String key = Names.fold(nick);
        List<Chat.Former> found = new ArrayList<>();
        for (Chat.Former former : formers) {
            if (Names.fold(former.nick()).equals(key)) {
                found.add(former);
            }
        }
        return found;
    }
}
