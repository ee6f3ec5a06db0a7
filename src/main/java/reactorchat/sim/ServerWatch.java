package reactorchat.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server as its {@code /metrics} page shows it, sampled once a second and summed up per
 * report window. The heap is sampled with its garbage, so its lowest sample over a span (its
 * floor, just after a collection) is what shows a leak; descriptors and connections likewise by
 * their lowest value, since churn makes them flicker. A sample is one short blocking request on
 * the simulator's thread, bounded by {@link #TIMEOUT_MILLIS}.
 */
final class ServerWatch {
    static final long SAMPLE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final int TIMEOUT_MILLIS = 2_000;
    /** Far larger than the page is; a bigger answer is not the page we know. */
    private static final int MAX_PAGE = 1 << 20;

    /** One window's figures; -1 for what no sample showed. */
    static final class Window {
        long heapFloor = -1;
        long heapPeak = -1;
        long fdsFloor = -1;
        long fdsPeak = -1;
        long connectionsFloor = -1;
        long slowConsumerCuts = -1;
        long floodPauses = -1;
        long outboundQueued = -1;
        /** What the server counts as held for clients against its budget, if its page says. */
        long clientMemoryPeak = -1;
        long connectionsLast = -1;
        int samples;
        int failures;

        void add(Sample s) {
            samples++;
            heapFloor = min(heapFloor, s.heap);
            heapPeak = Math.max(heapPeak, s.heap);
            fdsFloor = min(fdsFloor, s.fds);
            fdsPeak = Math.max(fdsPeak, s.fds);
            connectionsFloor = min(connectionsFloor, s.connections);
            slowConsumerCuts = s.slowConsumerCuts;
            floodPauses = s.floodPauses;
            outboundQueued = s.outboundQueued;
            clientMemoryPeak = Math.max(clientMemoryPeak, s.clientMemory);
            connectionsLast = s.connections;
        }

        /** The windows as one: lowest floors, highest peaks, the last counters. */
        static Window of(List<Window> windows) {
            Window all = new Window();
            for (Window w : windows) {
                all.heapFloor = min(all.heapFloor, w.heapFloor);
                all.heapPeak = Math.max(all.heapPeak, w.heapPeak);
                all.fdsFloor = min(all.fdsFloor, w.fdsFloor);
                all.fdsPeak = Math.max(all.fdsPeak, w.fdsPeak);
                all.connectionsFloor = min(all.connectionsFloor, w.connectionsFloor);
                all.slowConsumerCuts = w.slowConsumerCuts < 0 ? all.slowConsumerCuts : w.slowConsumerCuts;
                all.floodPauses = w.floodPauses < 0 ? all.floodPauses : w.floodPauses;
                all.outboundQueued = w.outboundQueued < 0 ? all.outboundQueued : w.outboundQueued;
                all.samples += w.samples;
                all.failures += w.failures;
            }
            return all;
        }

        private static long min(long current, long value) {
            return value < 0 ? current : current < 0 ? value : Math.min(current, value);
        }
    }

    /** The figures of one page. */
    record Sample(long heap, long fds, long connections, long slowConsumerCuts, long floodPauses,
                  long outboundQueued, long clientMemory) {
        static Sample parse(String page) {
            long heap = -1;
            long fds = -1;
            long connections = -1;
            long cuts = -1;
            long pauses = -1;
            long queued = -1;
            long clientMemory = -1;
            for (String line : page.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                String name = line.substring(0, Math.max(0, space));
                long value = value(line.substring(space + 1));
                switch (name.contains("{") ? name.substring(0, name.indexOf('{')) : name) {
                    case "reactorchat_heap_used_bytes" -> heap = value;
                    case "process_open_fds" -> fds = value;
                    case "reactorchat_connections" -> connections = Math.max(0, connections) + value;
                    case "reactorchat_slow_consumer_cuts_total" -> cuts = value;
                    case "reactorchat_flood_pauses_total" -> pauses = value;
                    case "reactorchat_outbound_queued_bytes" -> queued = value;
                    case "reactorchat_client_memory_bytes" -> clientMemory = value;
                    default -> {
                        // not watched
                    }
                }
            }
            return new Sample(heap, fds, connections, cuts, pauses, queued, clientMemory);
        }

        private static long value(String text) {
            try {
                return (long) Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    private final InetSocketAddress address;
    private long nextSample;
    private Window window = new Window();
    private String lastError;

    ServerWatch(InetSocketAddress address) {
        this.address = address;
    }

    /** Samples if a second has passed since the last sample. */
    void tick(long now) {
        if (now < nextSample) {
            return;
        }
        nextSample = now + SAMPLE_EVERY_NANOS;
        try {
            window.add(sample(address));
        } catch (IOException e) {
            window.failures++;
            lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    long nextWake() {
        return nextSample;
    }

    /** Ends the current window and returns it; the next sample starts a new one. */
    Window closeWindow() {
        Window closed = window;
        window = new Window();
        return closed;
    }

    String lastError() {
        return lastError;
    }

    /** Fetches and reads the page once. */
    static Sample sample(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /metrics HTTP/1.0\r\nHost: " + address.getHostString() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream page = new ByteArrayOutputStream(8192);
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                page.write(buffer, 0, n);
                if (page.size() > MAX_PAGE) {
                    throw new IOException("the metrics page is over " + MAX_PAGE + " bytes");
                }
            }
            String text = page.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.") || !text.substring(0, text.indexOf('\n') + 1).contains(" 200 ")) {
                throw new IOException("GET /metrics answered: " + text.lines().findFirst().orElse("nothing"));
            }
            return Sample.parse(text.substring(text.indexOf("\r\n\r\n") + 4));
        }
    }
}
