package reactorchat.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Headless Chromium from the Debian package, driven over its DevTools protocol with the JDK's
 * WebSocket client: one page, and JavaScript evaluated in it. Only what the browser tests need.
 */
public final class Chromium implements AutoCloseable {
    private static final List<Path> BINARIES = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^/\\s]+)/\\S*");
    private static final Pattern PAGE_SOCKET = Pattern.compile("\"type\"\\s*:\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VALUE = Pattern.compile("\"result\":\\{\"type\":\"(?:string|boolean|number)\",\"value\":(\"(?:[^\"\\\\]|\\\\.)*\"|true|false|[-0-9.e]+)");

    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> answers = new ConcurrentHashMap<>();

    /** The Chromium binary, or null if none is installed. */
    public static Path binary() {
        return BINARIES.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** Starts a headless Chromium showing {@code url} and connects to that page. */
    public static Chromium open(String url) throws Exception {
        return new Chromium(url);
    }

    private Chromium(String url) throws Exception {
        profile = Files.createTempDirectory("reactor-chat-chromium");
        Path log = profile.resolve("stderr.log");
        process = new ProcessBuilder(binary().toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--window-size=760,420", "--hide-scrollbars",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--user-data-dir=" + profile.resolve("data"), url)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String devtools = waitFor(() -> find(LISTENING, read(log)), "Chromium's DevTools address in " + log);
            String http = devtools.replace("ws://", "http://");
            String socket = waitFor(() -> find(PAGE_SOCKET, get(http + "/json/list")), "the page's DevTools socket");
            page = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(socket), new Answers())
                    .get(ClientSocket.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception | AssertionError e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
    }

    /** Calls a DevTools method on the page, {@code params} a JSON object, and returns the whole answer. */
    private String call(String method, String params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<String> answer = new CompletableFuture<>();
        answers.put(id, answer);
        page.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true);
        return answer.get(ClientSocket.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Saves a PNG of the page as it is now to {@code file}. */
    public void screenshot(Path file) throws Exception {
        String json = call("Page.captureScreenshot", "{\"format\":\"png\"}");
        Matcher data = Pattern.compile("\"data\":\"([A-Za-z0-9+/=]+)\"").matcher(json);
        if (!data.find()) {
            throw new AssertionError("no screenshot: " + json.substring(0, Math.min(200, json.length())));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, java.util.Base64.getDecoder().decode(data.group(1)));
    }

    /** Lays the page out as on a touch screen of {@code width} by {@code height} CSS pixels (a phone). */
    public void viewport(int width, int height) throws Exception {
        call("Emulation.setDeviceMetricsOverride", "{\"width\":" + width + ",\"height\":" + height
                + ",\"deviceScaleFactor\":1,\"mobile\":true}");
    }

    /** Evaluates {@code expression} in the page and returns its value (a string, boolean or number) as text. */
    public String evaluate(String expression) throws Exception {
        String json = call("Runtime.evaluate", "{\"expression\":" + quote(expression) + ",\"returnByValue\":true}");
        Matcher value = VALUE.matcher(json);
        if (!value.find()) {
            throw new AssertionError("no value from " + expression + ": " + json);
        }
        return unquote(value.group(1));
    }

    /** Waits until {@code expression} is true in the page. */
    public void waitUntil(String expression) throws Exception {
        long deadline = ClientSocket.deadlineFromNow();
        while (!evaluate(expression).equals("true")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true in the page within " + ClientSocket.DEADLINE.toSeconds() + " s: "
                        + expression + "; the page shows: " + evaluate("document.body.innerText"));
            }
            Thread.sleep(50);
        }
    }

    /** Asks the browser to close (it then ends its own child processes), and ends it if it does not. */
    @Override
    public void close() throws IOException {
        page.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Browser.close\"}", true);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroyForcibly();
            }
            page.abort();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private interface Probe {
        String get() throws Exception;
    }

    private String waitFor(Probe probe, String what) throws Exception {
        long deadline = ClientSocket.deadlineFromNow();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Chromium exited " + process.exitValue() + " before " + what);
            }
            String found = probe.get();
            if (found != null) {
                return found;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + what + " within " + ClientSocket.DEADLINE.toSeconds() + " s");
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String unquote(String json) {
        if (!json.startsWith("\"")) {
            return json;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < json.length() - 1; i++) {
            char c = json.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = json.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    /** Hands each answer to the call waiting for its id; events are dropped. */
    private final class Answers implements WebSocket.Listener {
        private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+),");
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                Matcher id = ID.matcher(text);
                if (id.find()) {
                    CompletableFuture<String> answer = answers.remove(Integer.parseInt(id.group(1)));
                    if (answer != null) {
                        answer.complete(text.toString());
                    }
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
