package reactorchat.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SimOptionsTest {
    @Test
    void defaultsAndTheIrcRoom() {
        SimOptions line = SimOptions.parse(List.of("--target", "127.0.0.1:7000"));
        assertThat(line.dialect()).isEqualTo(SimDialect.LINE);
        assertThat(line.room()).isEqualTo("lobby");
        assertThat(line.clients()).isEqualTo(100);
        assertThat(line.senders()).isEqualTo(10);

        SimOptions irc = SimOptions.parse(List.of("--target=localhost:6667", "--dialect", "irc", "--rate", "2.5",
                "--duration", "0.5"));
        assertThat(irc.room()).isEqualTo("#lobby");
        assertThat(irc.rate()).isEqualTo(2.5);
        assertThat(irc.durationNanos()).isEqualTo(500_000_000L);
    }

    @Test
    void probesAndTheReadIntervalOfTheOthers() {
        SimOptions all = SimOptions.parse(List.of("--target", "127.0.0.1:7000"));
        assertThat(all.probes()).as("every client reads at once").isZero();
        SimOptions probed = SimOptions.parse(List.of("--target", "127.0.0.1:7000", "--probes", "50",
                "--read-interval", "5"));
        assertThat(probed.probes()).isEqualTo(50);
        assertThat(probed.readIntervalNanos()).isEqualTo(5_000_000L);
        assertThat(SimOptions.parse(List.of("--target", "127.0.0.1:7000", "--probes", "3")).readIntervalNanos())
                .isEqualTo(20_000_000L);
        assertThatThrownBy(() -> SimOptions.parse(List.of("--target", "127.0.0.1:7000", "--probes", "3",
                "--read-interval", "1001"))).as("longer than the drain could wait for").hasMessageContaining("1000");
    }

    @Test
    void threadsAreOneUnlessAskedAndEachNeedsAClient() {
        assertThat(SimOptions.parse(List.of("--target", "127.0.0.1:7000")).threads()).isEqualTo(1);
        assertThat(SimOptions.parse(List.of("--target", "127.0.0.1:7000", "--threads", "4")).threads()).isEqualTo(4);
        assertThat(SimOptions.parse(List.of("--target", "127.0.0.1:7000", "--idle", "3", "--threads", "3"))
                .threads()).isEqualTo(3);
        assertThatThrownBy(() -> SimOptions.parse(List.of("--target", "127.0.0.1:1", "--threads", "0")))
                .hasMessageContaining("--threads must be a whole number from 1 to 64");
        assertThatThrownBy(() -> SimOptions.parse(List.of("--target", "127.0.0.1:1", "--threads", "65")))
                .hasMessageContaining("--threads must be a whole number from 1 to 64");
        assertThatThrownBy(() -> SimOptions.parse(List.of("--target", "127.0.0.1:1", "--clients", "3",
                "--senders", "1", "--threads", "4"))).hasMessageContaining("--threads 4 is more than the 3 clients");
        assertThatThrownBy(() -> SimOptions.parse(List.of("--target", "127.0.0.1:1", "--soak", "1", "--threads",
                "2"))).hasMessageContaining("not with --soak");
    }

    @Test
    void eachThreadGetsAnEvenShareAndItsOwnSenderNumbersAndIds() {
        SimOptions options = SimOptions.parse(List.of("--target", "127.0.0.1:7000", "--clients", "7", "--senders",
                "3", "--probes", "2", "--silent", "1", "--ramp", "1", "--threads", "2"));

        assertThat(Share.of(options)).containsExactly(
                new Share(0, 4, 2, 1, 1, 0, 1, 0, 0),
                new Share(1, 3, 1, 1, 0, 0, 1, 2, 5));
        assertThat(Share.of(SimOptions.parse(List.of("--target", "127.0.0.1:7000", "--clients", "12"))))
                .as("one thread: the whole run").containsExactly(new Share(0, 12, 10, 0, 0, 0, 1000, 0, 0));
    }

    @Test
    void idleModeHasNoSenders() {
        SimOptions idle = SimOptions.parse(List.of("--target", "127.0.0.1:7000", "--idle", "10000"));
        assertThat(idle.idle()).isTrue();
        assertThat(idle.clients()).isEqualTo(10_000);
        assertThat(idle.senders()).isZero();
    }

    @Test
    void soakTakesMinutesAndItsOwnDefaults() {
        SimOptions soak = SimOptions.parse(List.of("--target", "127.0.0.1:7000", "--soak", "0.5", "--churn", "2",
                "--metrics", "127.0.0.1:7001", "--silent", "3"));
        assertThat(soak.durationNanos()).isEqualTo(30_000_000_000L);
        assertThat(soak.warmupNanos()).as("a soak's warm-up").isEqualTo(60_000_000_000L);
        assertThat(soak.silent()).isEqualTo(3);
        assertThat(soak.flooders()).isEqualTo(2);
        assertThat(soak.setupClients()).isEqualTo(100 + 2 + 3);
        assertThat(soak.soak().churnRate()).isEqualTo(2);
        assertThat(soak.soak().slowReaders()).isEqualTo(5);
        assertThat(soak.soak().metrics().getPort()).isEqualTo(7001);
        assertThat(soak.soak().heapToleranceBytes()).isEqualTo(64L << 20);

        SimOptions plain = SimOptions.parse(List.of("--target", "127.0.0.1:7000", "--silent", "10"));
        assertThat(plain.soak()).isNull();
        assertThat(plain.flooders()).isZero();
        assertThat(plain.setupClients()).isEqualTo(110);
        assertThat(SimOptions.parse(List.of("--target", "127.0.0.1:7000", "--soak", "1", "--warmup", "5"))
                .warmupNanos()).isEqualTo(5_000_000_000L);
    }

    @Test
    void soakOptionsNeedSoak() {
        assertThatThrownBy(() -> SimOptions.parse(List.of("--target", "127.0.0.1:1", "--churn", "3")))
                .hasMessageContaining("--churn goes with --soak");
        assertThatThrownBy(() -> SimOptions.parse(List.of("--target", "127.0.0.1:1", "--soak", "1", "--idle", "5")))
                .hasMessageContaining("--soak and --idle");
        assertThatThrownBy(() -> SimOptions.parse(List.of("--target", "127.0.0.1:1", "--soak", "1", "--metrics",
                "nohost"))).hasMessageContaining("--metrics must be HOST:PORT");
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertThatThrownBy(() -> SimOptions.parse(List.of())).hasMessageContaining("--target");
        assertThatThrownBy(() -> SimOptions.parse(List.of("--target", "nohost"))).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> SimOptions.parse(List.of("--target", "127.0.0.1:99999")))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> SimOptions.parse(List.of("--target", "127.0.0.1:1", "--clients", "2",
                "--senders", "3"))).hasMessageContaining("--senders 3");
        assertThatThrownBy(() -> SimOptions.parse(List.of("--target", "127.0.0.1:1", "--dialect", "xmpp")))
                .hasMessageContaining("line, irc or ws");
        assertThatThrownBy(() -> SimOptions.parse(List.of("--target", "127.0.0.1:1", "--size", "10")))
                .hasMessageContaining("--size");
        assertThatThrownBy(() -> SimOptions.parse(List.of("--target", "127.0.0.1:1", "--frobnicate")))
                .hasMessageContaining("unknown option --frobnicate");
    }
}
