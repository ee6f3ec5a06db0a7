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
}
