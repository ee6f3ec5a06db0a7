package reactorchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class NamesTest {
    /** Every pair of printable ASCII characters that the case mapping makes one, found by folding. */
    private static List<String> caseTwins() {
        List<String> twins = new ArrayList<>();
        for (char a = '!'; a <= '~'; a++) {
            for (char b = (char) (a + 1); b <= '~'; b++) {
                if (Names.fold(String.valueOf(a)).equals(Names.fold(String.valueOf(b)))) {
                    twins.add("" + a + b);
                }
            }
        }
        return twins;
    }

    @Test
    void foldsAsRfc1459CaseMappingSays() {
        // the letters, and the four pairs of signs: nothing else is folded together
        assertThat(caseTwins()).contains("Aa", "Zz", "[{", "]}", "\\|", "^~").hasSize(26 + 4);
        assertThat(Names.fold("F]|oo{")).isEqualTo(Names.fold("f}\\oo["));
        assertThat(Names.fold("Foo\\")).isEqualTo(Names.fold("foo|")).isNotEqualTo(Names.fold("fooa"));
    }

    @Test
    void aRoomNameIsValidInEveryCaseOrInNone() {
        for (String twin : caseTwins()) {
            assertThat(Names.isValidRoom("r" + twin.charAt(0)))
                    .as("room r%s against r%s", twin.charAt(0), twin.charAt(1))
                    .isEqualTo(Names.isValidRoom("r" + twin.charAt(1)));
        }
        assertThat(Names.isValidRoom("Foo\\")).isTrue();
        assertThat(Names.isValidRoom("a~b")).isTrue();
    }

    @Test
    void aNickIsValidInEveryCaseOrInNoneButForTheTilde() {
        for (String twin : caseTwins()) {
            boolean first = Names.isValidNick("n" + twin.charAt(0));
            boolean second = Names.isValidNick("n" + twin.charAt(1));
            assertThat(first).as("nick n%s against n%s", twin.charAt(0), twin.charAt(1))
                    .isEqualTo(twin.equals("^~") ? !second : second);
        }
        assertThat(Names.isValidNick("bob\\")).isTrue();
        assertThat(Names.isValidNick("bob~")).isFalse();
    }
}
