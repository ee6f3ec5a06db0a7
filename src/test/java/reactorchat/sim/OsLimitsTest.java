package reactorchat.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;

import org.junit.jupiter.api.Test;

class OsLimitsTest {
    private static final InetSocketAddress TARGET = new InetSocketAddress("127.0.0.1", 7000);

    @Test
    void outOfFileDescriptorsSaysHowToRaiseTheLimit() {
        String advice = OsLimits.advice(new IOException("Too many open files"), 1021, TARGET);
        assertThat(advice).contains("file descriptors after 1021 connections", "ulimit -n");
    }

    @Test
    void outOfLocalPortsSaysHowToWidenTheRange() {
        String advice = OsLimits.advice(new SocketException("Cannot assign requested address"), 28000, TARGET);
        assertThat(advice).contains("local ports", "ip_local_port_range");
    }

    @Test
    void otherFailuresAreNotOsLimits() {
        assertThat(OsLimits.advice(new IOException("Connection refused"), 0, TARGET)).isNull();
    }
}
