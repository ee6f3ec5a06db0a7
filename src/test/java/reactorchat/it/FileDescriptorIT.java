package reactorchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import reactorchat.testing.JarProcess;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/** The daemon under a low {@code ulimit -n}: more clients than descriptors. */
class FileDescriptorIT {
    private static final int CLIENTS = 80;

    @Test
    void runningOutOfDescriptorsPausesAcceptingWithoutSpinningAndRecovers() throws Exception {
        try (JarProcess daemon = JarProcess.startWithFileLimit(48, List.of("-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1"),
                "--listen", "line=127.0.0.1:0")) {
            InetSocketAddress address = daemon.awaitListening("line");
            List<TextClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(TextClient.connect(address)); // the kernel's backlog completes them all
                }
                daemon.awaitOutput("out of file descriptors: accepting on line paused");
                int welcomed = awaitSteadyWelcomed(clients);
                assertThat(welcomed).as("some were served, not all").isBetween(2, CLIENTS - 21);

                // While it waits for descriptors, the loop must sleep, not spin on the ready listener.
                long before = daemon.cpuTicks();
                Thread.sleep(2000); // the window over which CPU time is measured
                long used = daemon.cpuTicks() - before;
                assertThat(used).as("CPU ticks (1/100 s) used in 2 s while out of descriptors").isLessThan(50);

                // Those already in go on chatting.
                clients.get(0).expectRegex("\\* welcome .*");
                clients.get(1).expectRegex("\\* welcome .*");
                clients.get(0).send("still here");
                clients.get(1).skipUntil(Expected.regex("\\d\\d:\\d\\d:\\d\\d <guest-1> still here"));

                // Descriptors come back when people leave: twenty of those waiting get in.
                for (int i = 0; i < 20; i++) {
                    clients.get(i).close();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (countWelcomed(clients) < welcomed + 20 && System.nanoTime() < deadline) {
                    Thread.sleep(50); // polling the clients' sockets for their welcome
                }
                assertThat(countWelcomed(clients)).isEqualTo(welcomed + 20);
                daemon.awaitOutput("accepting on line again");
            } finally {
                for (TextClient client : clients) {
                    client.close();
                }
            }
        }
    }

    /** How many clients have had a welcome, once that number has stopped changing for half a second. */
    private static int awaitSteadyWelcomed(List<TextClient> clients) throws Exception {
        int last = -1;
        long steadySince = System.nanoTime();
        long deadline = steadySince + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            int now = countWelcomed(clients);
            if (now != last) {
                last = now;
                steadySince = System.nanoTime();
            } else if (System.nanoTime() - steadySince > TimeUnit.MILLISECONDS.toNanos(500)) {
                return now;
            }
            Thread.sleep(50); // polling the clients' sockets for their welcome
        }
        throw new AssertionError("the number of welcomed clients never settled");
    }

    private static int countWelcomed(List<TextClient> clients) throws IOException {
        int count = 0;
        for (TextClient client : clients) {
            if (client.hasBeenSentAnything()) {
                count++;
            }
        }
        return count;
    }
}
