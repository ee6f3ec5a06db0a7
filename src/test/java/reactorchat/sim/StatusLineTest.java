package reactorchat.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusLineTest {
    @Test
    void warnsOnlyWhenTheSimulatorsCoresWereBusy() {
        assertThat(StatusLine.busyNote(-1, 1)).as("not measured").isEmpty();
        assertThat(StatusLine.busyNote(0.5, 1)).isEmpty();
        assertThat(StatusLine.busyNote(0.95, 1)).isEqualTo("  (simulator busy: 95% of its core; latency may be its own)");
        assertThat(StatusLine.busyNote(1.5, 2)).as("three quarters of two cores").isEmpty();
        assertThat(StatusLine.busyNote(1.9, 2)).isEqualTo("  (simulator busy: 95% of its 2 cores; latency may be its own)");
    }
}
