package reactorchat.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Who had which nick lately (for WHOWAS), newest first; past {@link #SIZE} the oldest is forgotten. */
final class NickHistory {
    /** Former nicks remembered; older ones are forgotten. */
    static final int SIZE = 200;

    private final ArrayDeque<Former> formers = new ArrayDeque<>();

    void remember(User user, long millis) {
        formers.addFirst(new Former(user.nick(), user.ident(), user.host(), user.realName(), millis));
        if (formers.size() > SIZE) {
            formers.removeLast();
        }
    }

    List<Former> of(String nick) {
        String key = Names.fold(nick);
        List<Former> found = new ArrayList<>();
        for (Former former : formers) {
            if (Names.fold(former.nick()).equals(key)) {
                found.add(former);
            }
        }
        return found;
    }
}
