package reactorchat.chat;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One event's bytes per dialect, made the first time a recipient of that dialect asks, so a
 * broadcast to thousands is encoded once per dialect and its bytes shared by every queue.
 */
public final class SharedEncoding {
    private final ChatEvent event;
    private EventEncoder[] encoders = new EventEncoder[2];
    private ByteBuffer[] encoded = new ByteBuffer[2];
    private int count;

    SharedEncoding(ChatEvent event) {
        this.event = event;
    }

    public ByteBuffer bytes(EventEncoder encoder) {
        // There are only a few dialects: a linear search beats a map.
        for (int i = 0; i < count; i++) {
            if (encoders[i] == encoder) {
                return encoded[i];
            }
        }
        if (count == encoders.length) {
            encoders = Arrays.copyOf(encoders, count * 2);
            encoded = Arrays.copyOf(encoded, count * 2);
        }
        ByteBuffer bytes = event.encodeWith(encoder);
        encoders[count] = encoder;
        encoded[count++] = bytes;
        return bytes;
    }
}
