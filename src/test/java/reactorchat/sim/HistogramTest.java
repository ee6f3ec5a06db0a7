package reactorchat.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class HistogramTest {
    @Test
    void everyBucketMiddleIsWithinOnePercentOfTheValuesInIt() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long value = random.nextLong(1, 1L << random.nextInt(1, 62));
            long middle = Histogram.middle(Histogram.index(value));
            assertThat((double) middle).isCloseTo(value, within(value * 0.01));
        }
    }

    @Test
    void smallValuesAreExact() {
        for (long v = 0; v < 256; v++) {
            assertThat(Histogram.middle(Histogram.index(v))).isEqualTo(v);
        }
    }

    @Test
    void percentilesMatchASortedCopyWithinOnePercent() {
        SplittableRandom random = new SplittableRandom(7);
        Histogram histogram = new Histogram();
        long[] values = new long[100_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(random.nextDouble(8, 22)); // microseconds to seconds, in nanos
            histogram.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {50, 90, 99, 99.9}) {
            long exact = values[(int) Math.ceil(values.length * p / 100) - 1];
            assertThat((double) histogram.percentile(p)).as("p%s", p).isCloseTo(exact, within(exact * 0.01));
        }
        assertThat(histogram.max()).isEqualTo(values[values.length - 1]);
        assertThat(histogram.count()).isEqualTo(values.length);
    }

    @Test
    void emptyReportsZeroAndResetEmpties() {
        Histogram histogram = new Histogram();
        assertThat(histogram.percentile(99)).isZero();
        histogram.record(5_000_000);
        histogram.reset();
        assertThat(histogram.count()).isZero();
        assertThat(histogram.max()).isZero();
    }
}
