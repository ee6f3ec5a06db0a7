package reactorchat.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PayloadTest {
    @Test
    void writesAtLeastTheSizeAndReadsBackItsFields() {
        byte[] buffer = new byte[200];
        int end = Payload.write(buffer, 3, 7, 123_456, 9_876_543_210L, 64);
        assertThat(end - 3).isEqualTo(64);
        assertThat(new String(buffer, 3, 25, StandardCharsets.US_ASCII)).isEqualTo("~7 123456 9876543210 xxxx");

        Payload payload = Payload.reader();
        assertThat(payload.parse(buffer, 3, end)).isTrue();
        assertThat(payload.sender).isEqualTo(7);
        assertThat(payload.seq).isEqualTo(123_456);
        assertThat(payload.intendedNanos).isEqualTo(9_876_543_210L);
    }

    @Test
    void rejectsTextThatIsNotAPayload() {
        Payload payload = Payload.reader();
        for (String text : new String[] {"hello", "~", "~1", "~1 2", "~a 2 3 x", "~1 2x 3 x", ""}) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            assertThat(payload.parse(bytes, 0, bytes.length)).as(text).isFalse();
        }
    }
}
