package reactorchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import reactorchat.testing.CountingBudget;

/** The MONITOR table: capped per watcher and in total, every entry charged and given back, and who is told what. */
class WatchlistTest {
    private static final Recipient NOBODY = (event, shared) -> { };

    @Test
    void entriesAreCappedInTotalAndChargedUntilTheWatcherGoes() {
        CountingBudget budget = new CountingBudget(Long.MAX_VALUE);
        Chat chat = new Chat(Clock.systemUTC(), budget);
        Watchlist list = new Watchlist(new Watchlist.Limits(150), budget);
        User a = chat.connect(NOBODY, "h", "a", "a", "").orElseThrow();
        User b = chat.connect(NOBODY, "h", "b", "b", "").orElseThrow();
        long before = budget.used;
        for (int i = 0; i < Watchlist.PER_USER; i++) {
            assertThat(list.add(a, "n" + i)).isEqualTo(Watchlist.Added.ADDED);
        }
        assertThat(list.add(a, "one-more")).isEqualTo(Watchlist.Added.FULL); // a's own cap
        assertThat(list.add(a, "N0")).isEqualTo(Watchlist.Added.ALREADY); // compared as nicks are
        for (int i = 0; i < 50; i++) {
            assertThat(list.add(b, "m" + i)).isEqualTo(Watchlist.Added.ADDED);
        }
        assertThat(list.add(b, "m50")).isEqualTo(Watchlist.Added.FULL); // the total
        assertThat(list.add(b, "*!*@*")).isEqualTo(Watchlist.Added.INVALID);
        assertThat(list.entries()).isEqualTo(150);
        assertThat(budget.used - before).isGreaterThanOrEqualTo(150 * Watchlist.ENTRY_BYTES);
        list.remove(b, "M0");
        assertThat(list.add(b, "m50")).isEqualTo(Watchlist.Added.ADDED);
        list.clear(a);
        list.clear(b);
        assertThat(list.entries()).isZero();
        assertThat(budget.used).isEqualTo(before);
    }

    @Test
    void aRefusingBudgetRefusesTheEntry() {
        CountingBudget budget = new CountingBudget(0);
        Chat chat = new Chat(Clock.systemUTC());
        User a = chat.connect(NOBODY, "h", "a", "a", "").orElseThrow();
        assertThat(new Watchlist(Watchlist.Limits.DEFAULTS, budget).add(a, "bob")).isEqualTo(Watchlist.Added.FULL);
    }

    @Test
    void watchersAreToldWhenANickIsTakenAndGivenUpAndNothingOnceTheyLeave() {
        List<String> heard = new ArrayList<>();
        Recipient watcher = new Recipient() {
            @Override
            public void receive(ChatEvent event, SharedEncoding shared) {
            }

            @Override
            public void watchedOnline(User user) {
                heard.add("on " + user.nick());
            }

            @Override
            public void watchedOffline(String nick) {
                heard.add("off " + nick);
            }
        };
        Chat chat = new Chat(Clock.systemUTC());
        User w = chat.connect(watcher, "h", "w", "w", "").orElseThrow();
        chat.watchlist().add(w, "bob");
        User bob = chat.connect(NOBODY, "h", "Bob", "b", "").orElseThrow();
        chat.rename(bob, "BOB");
        chat.rename(bob, "robert");
        chat.rename(bob, "bob");
        chat.quit(bob, "bye");
        chat.quit(w, "bye");
        assertThat(chat.watchlist().entries()).isZero();
        chat.connect(NOBODY, "h", "bob", "b", "");
        assertThat(heard).containsExactly("on Bob", "off BOB", "on bob", "off bob");
    }
}
