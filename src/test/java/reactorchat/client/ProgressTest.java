package reactorchat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ProgressTest {
    private static final long MIB = 1024 * 1024;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void aLineShowsBytesPercentRateAndTimeLeft() {
        assertThat(Progress.format("report.pdf", 50 * MIB, 200 * MIB, 12.5 * MIB, true))
                .isEqualTo("report.pdf [#####---------------]  25%  50.0 MiB of 200.0 MiB  12.5 MiB/s  ETA 0:12");
        assertThat(Progress.format("report.pdf", 50 * MIB, 200 * MIB, 12.5 * MIB, false))
                .isEqualTo("report.pdf  25%  50.0 MiB of 200.0 MiB  12.5 MiB/s  ETA 0:12");
    }

    @Test
    void anUnknownRateHasNoTimeLeft() {
        assertThat(Progress.format("a", 0, 1000, -1, false)).isEqualTo("a   0%  0 B of 1000 B  -- /s  ETA --:--");
        assertThat(Progress.format("a", 10, 1000, 0, false)).isEqualTo("a   1%  10 B of 1000 B  0 B/s  ETA --:--");
    }

    @Test
    void anEmptyFileIsDoneAtOnce() {
        assertThat(Progress.format("empty", 0, 0, 0, true)).isEqualTo("empty [####################] 100%  0 B of 0 B  0 B/s  ETA 0:00");
    }

    @Test
    void sizesAndDurationsAreForPeople() {
        assertThat(Progress.bytes(1023)).isEqualTo("1023 B");
        assertThat(Progress.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Progress.bytes(1024 * MIB)).isEqualTo("1.0 GiB");
        assertThat(Progress.duration(7)).isEqualTo("0:07");
        assertThat(Progress.duration(754)).isEqualTo("12:34");
        assertThat(Progress.duration(3723)).isEqualTo("1:02:03");
    }

    @Test
    void theBarIsRedrawnInPlaceAtMostTenTimesASecond() {
        Progress progress = new Progress(err, Progress.Style.BAR, "f", 100 * MIB, 0);
        for (long t = 0; t <= 1000; t += 10) {
            progress.update(t * MIB / 10, t * MS); // every 10 ms, for one second
        }
        progress.finish(100 * MIB, 1000 * MS);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text.chars().filter(c -> c == '\r').count()).isBetween(10L, 11L);
        assertThat(text).endsWith("100%  100.0 MiB of 100.0 MiB  100.0 MiB/s  ETA 0:00\n").containsOnlyOnce("\n");
    }

    @Test
    void withoutATerminalALineIsPrintedEachSecond() {
        Progress progress = new Progress(err, Progress.Style.LINES, "f", 100 * MIB, 0);
        for (long t = 0; t <= 3000; t += 10) {
            progress.update(t * MIB / 30, t * MS);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r");
        assertThat(text.lines()).hasSize(3).first().asString().startsWith("f  33%  33.3 MiB of 100.0 MiB  33.3 MiB/s  ETA 0:02");
    }

    @Test
    void aShorterLineWipesTheRestOfALongerOne() {
        Progress progress = new Progress(err, Progress.Style.BAR, "f", 2000 * MIB, 0);
        progress.update(1500 * MIB, 100 * MS); // 15000 MiB/s
        progress.update(1501 * MIB, 5000 * MS); // the rate falls and its text is shorter
        String[] draws = bytes.toString(StandardCharsets.UTF_8).split("\r");
        assertThat(draws[2]).hasSameSizeAs(draws[1]);
    }

    @Test
    void offPrintsNothing() {
        Progress progress = new Progress(err, Progress.Style.OFF, "f", 10, 0);
        progress.update(5, TimeUnit.SECONDS.toNanos(5));
        progress.finish(10, TimeUnit.SECONDS.toNanos(6));
        assertThat(bytes.size()).isZero();
    }

    @Test
    void autoIsABarOnATerminalOnly() {
        assertThat(Progress.Style.AUTO.resolve(true)).isEqualTo(Progress.Style.BAR);
        assertThat(Progress.Style.AUTO.resolve(false)).isEqualTo(Progress.Style.LINES);
        assertThat(Progress.Style.OFF.resolve(true)).isEqualTo(Progress.Style.OFF);
    }
}
