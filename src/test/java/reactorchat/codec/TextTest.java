package reactorchat.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TextTest {
    private static String clean(byte... bytes) {
        return Text.clean(bytes, 0, bytes.length);
    }

    @Test
    void keepsValidUtf8AndTabs() {
        byte[] bytes = "héllo\tworld ✓ 😀".getBytes(StandardCharsets.UTF_8);
        assertThat(Text.clean(bytes, 0, bytes.length)).isEqualTo("héllo\tworld ✓ 😀");
    }

    @Test
    void replacesMalformedUtf8() {
        assertThat(clean((byte) 'a', (byte) 0xff, (byte) 'b', (byte) 0xc3)).isEqualTo("a\uFFFDb\uFFFD");
    }

    @Test
    void removesC0DelAndC1ControlCharacters() {
        assertThat(Text.clean("a\u001b[31mred\u0007\rb\u0000c\u007fd\u009be")).isEqualTo("a[31mredbcde");
    }

    @Test
    void cleanTextIsReturnedAsIs() {
        String text = "nothing to remove";
        assertThat(Text.clean(text)).isSameAs(text);
    }

    @Test
    void freeTextClosesTheBidiLevelsItOpensAndDropsStrayClosers() {
        assertThat(Text.isolated("abc\u202Efdp.exe")).isEqualTo("abc\u202Efdp.exe\u202C");
        assertThat(Text.isolated("\u2067x\u202By")).isEqualTo("\u2067x\u202By\u202C\u2069");
        assertThat(Text.isolated("\u2067x\u202By\u2069z")).isEqualTo("\u2067x\u202By\u2069z"); // PDI ends both
        assertThat(Text.isolated("x\u202C\u2069y")).isEqualTo("xy");
        assertThat(Text.isolated("a\u2028b\u2029c\uFEFFd")).isEqualTo("abcd");
        assertThat(Text.isolated("a\u200Db\u200Fc")).isEqualTo("a\u200Db\u200Fc"); // joiners and marks stay
        assertThat(Text.isolated("\u202E".repeat(100))).hasSize(2 * Text.MAX_BIDI_DEPTH);
        String balanced = Text.isolated("\u202A\u2066x");
        assertThat(Text.isolated(balanced)).isEqualTo(balanced);
    }

    @Test
    void cleaningIsolatesToo() {
        assertThat(Text.clean("a\u001b\u202Eb")).isEqualTo("a\u202Eb\u202C");
        assertThat(Text.clean("a\u2028b")).isEqualTo("ab");
    }

    @Test
    void namesLoseEveryBidiAndInvisibleCharacter() {
        assertThat(Text.name("invoice\u202Efdp.exe")).isEqualTo("invoicefdp.exe");
        assertThat(Text.name("a\u200Bb\u200Dc\u2066d\u2069e\uFEFFf\u2029")).isEqualTo("abcdef");
        String plain = "report.pdf";
        assertThat(Text.name(plain)).isSameAs(plain);
    }
}
