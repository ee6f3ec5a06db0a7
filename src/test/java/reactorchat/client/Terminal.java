package reactorchat.client;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The interactive client as a test drives it: run on a thread of its own, typed into through a
 * keyboard stream, its screen and its errors captured.
 */
final class Terminal implements AutoCloseable {
    final Captured screen = new Captured();
    final Captured errors = new Captured();
    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private final PipedOutputStream keyboard = new PipedOutputStream();

    /** Runs {@code client} with {@code args}; the future holds its exit status. */
    Future<Integer> start(String... args) throws IOException {
        PipedInputStream typed = new PipedInputStream(keyboard);
        return runner.submit(() -> Client.run(List.of(args), typed, screen.stream(), errors.stream(), false));
    }

    void type(String text) throws IOException {
        keyboard.write(text.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** Ends what is typed, as Ctrl-D does. */
    void endInput() throws IOException {
        keyboard.close();
    }

    @Override
    public void close() throws IOException {
        keyboard.close();
        runner.shutdownNow();
    }
}
