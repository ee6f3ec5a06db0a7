package reactorchat.protocol.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

import reactorchat.reactor.DrivenLoop;
import reactorchat.testing.PeerScript;

/**
 * Fuzz target for the echo dialect's sessions, driven through the real loop without sockets
 * ({@link DrivenLoop}). A plain test run replays the seeds in src/test/resources; a fuzzing run is
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=EchoFuzzTest}.
 */
class EchoFuzzTest {
    /**
     * Four peers send any bytes, cut into reads anywhere, read slowly or not at all, close, go idle
     * or see a shutdown, all through the loop's one read buffer: each gets back exactly what a
     * plain model of the framing rules says (only a prefix of it if a slow consumer was cut), and
     * no handler throws.
     */
    @FuzzTest(maxDuration = "6h", maxExecutions = 10_000_000)
    void echoesExactlyWhatWasSent(byte[] input) throws IOException {
        PeerScript script = new PeerScript(input);
        EchoDialect dialect = new EchoDialect(script.inputLimits());
        Model[] models = new Model[PeerScript.PEERS];
        ByteArrayOutputStream[] received = new ByteArrayOutputStream[PeerScript.PEERS];
        try (DrivenLoop loop = new DrivenLoop()) {
            for (int i = 0; i < PeerScript.PEERS; i++) {
                loop.connect(dialect, script.limits(), "127.0.0." + (i + 1), script.peerReads(i));
                models[i] = new Model(script.inputLimits().maxLineBytes());
                received[i] = new ByteArrayOutputStream();
            }
            while (script.hasNext()) {
                PeerScript.Step step = script.step(loop);
                models[step.peer()].play(step);
                loop.assertOutputWithinLimits();
            }
            PeerScript.finish(loop);
            boolean cut = loop.stats().slowConsumerCuts() > 0;
            for (int i = 0; i < PeerScript.PEERS; i++) {
                received[i].write(loop.peers().get(i).received());
                String got = received[i].toString(StandardCharsets.ISO_8859_1);
                String expected = models[i].expected.toString(StandardCharsets.ISO_8859_1);
                if (cut) {
                    assertThat(expected).as("peer %d", i).startsWith(got);
                } else {
                    assertThat(got).as("peer %d", i).isEqualTo(expected);
                }
            }
        }
    }

    /**
     * What an echo session sends back, from the framing rules of docs/protocol.md: a line ends at
     * LF (a CR before it is dropped); one longer than the limit is answered with an error, given
     * as soon as more than the limit and a CR have come without an LF; then the session ends at
     * EOF, at the idle time-out or at a shutdown.
     */
    private static final class Model {
        private final int max;
        private final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private boolean tooLong;
        private boolean open = true;

        Model(int max) {
            this.max = max;
        }

        void play(PeerScript.Step step) {
            if (!open) {
                return;
            }
            switch (step.kind()) {
                case SEND -> {
                    for (byte b : step.bytes()) {
                        take(b);
                    }
                    if (!tooLong && line.size() > max + 1) {
                        tooLong = true;
                        send("! line too long (max " + max + " bytes)\n");
                    }
                }
                case EOF -> open = false;
                case IDLE -> end("! idle for 0 seconds, closing\n");
                case SHUTDOWN -> end("* server shutting down\n");
                case READ -> { }
            }
        }

        private void take(byte b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            if (!tooLong && length > max) {
                send("! line too long (max " + max + " bytes)\n");
            } else if (!tooLong) {
                expected.write(bytes, 0, length);
                expected.write('\n');
            }
            line.reset();
            tooLong = false;
        }

        private void end(String goodbye) {
            send(goodbye);
            open = false;
        }

        private void send(String text) {
            expected.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
