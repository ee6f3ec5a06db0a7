package reactorchat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.testing.ClientSocket;
import reactorchat.testing.JarProcess;
import reactorchat.testing.TextClient;
import reactorchat.testing.TextClient.Expected;

/**
 * What room history costs the packaged jar (docs/benchmarks.md): the live heap of a full
 * {@code --history-memory}, beside what the server charges for it, and the time to read a journal
 * back at start. Small by default, to keep the build fast; {@code -Dhistory.footprint.memory=16m}
 * and {@code -Dhistory.footprint.journal-mb=100} measure the sizes of the table.
 */
class HistoryFootprintIT {
    private static final List<String> SMALL_BOX_JVM = List.of("-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1",
            "-Xmx256m", "-XX:MarkSweepDeadRatio=0");
    /** A line of chat of a usual length: about what people type. */
    private static final String TEXT = "a line of chat of about a hundred characters, which is what people type on the"
            + " whole, give or take";

    @TempDir
    Path data;

    @Test
    void aFullHistoryTakesNoMoreHeapThanItIsChargedFor() throws Exception {
        String memory = System.getProperty("history.footprint.memory", "4m");
        try (JarProcess daemon = JarProcess.start(SMALL_BOX_JVM, "--listen", "line=127.0.0.1:0", "--listen",
                "http=127.0.0.1:0", "--flood-rate", "0", "--history-memory", memory, "--history-max-bytes", "0", "--data-dir", data.toString());
             TextClient client = TextClient.connect(daemon.awaitListening("line"))) {
            InetSocketAddress http = daemon.awaitListening("http");
            client.expectRegex("\\* welcome .*");
            long before = daemon.liveHeapBytes();
            long charged = 0;
            // Full once what is charged is within a few lines of the limit: past it, each line said
            // pushes out an older one, and the charge stays just under the limit.
            for (int room = 0; charged + 4096 < limit(memory); room++) {
                client.send("/join r" + room).skipUntil(Expected.exactly("* you are now in r" + room + " (1 user)"));
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 1000; i++) {
                    lines.append(i).append(' ').append(TEXT).append('\n');
                }
                client.sendRaw(lines.toString().getBytes(StandardCharsets.UTF_8));
                client.skipUntil(Expected.find("<guest-1> 999 "));
                charged = metric(http, "reactorchat_history_bytes");
            }
            client.send("/join lobby").skipUntil(Expected.exactly("* you are now in lobby (1 user)"));
            long lines = metric(http, "reactorchat_history_lines");
            long after = daemon.liveHeapBytes();
            System.out.printf("history footprint: --history-memory %s, %d lines kept, charged %d bytes, live heap %d -> %d"
                    + " bytes (%d more, %d per line)%n", memory, lines, charged, before, after, after - before,
                    (after - before) / lines);
            assertThat(charged).isLessThanOrEqualTo(limit(memory));
            assertThat(after - before).as("the heap history takes, beside what it is charged").isLessThanOrEqualTo(charged);
        }
    }

    @Test
    void aJournalIsReadBackAtStartQuickly() throws Exception {
        int megabytes = Integer.getInteger("history.footprint.journal-mb", 8);
        long records = writeJournal(data.resolve("history.journal"), megabytes << 20);
        long start = System.nanoTime();
        try (JarProcess daemon = JarProcess.start(SMALL_BOX_JVM, "--listen", "line=127.0.0.1:0", "--history-max-bytes",
                (2 * megabytes + 2) + "m", "--data-dir", data.toString())) {
            InetSocketAddress line = daemon.awaitListening("line");
            long listeningMillis = (System.nanoTime() - start) / 1_000_000;
            daemon.awaitOutput("history: read " + records + " lines back from the journal in ");
            Matcher took = Pattern.compile("history: read \\d+ lines back from the journal in (\\d+) ms")
                    .matcher(String.join("\n", daemon.output()));
            assertThat(took.find()).isTrue();
            long replayMillis = Long.parseLong(took.group(1));
            try (TextClient client = TextClient.connect(line)) {
                client.expectRegex("\\* welcome .*");
                client.expect("* history of lobby: 20 lines");
            }
            System.out.printf("history replay: %d MiB journal, %d records, read back in %d ms; start to listening %d ms%n",
                    megabytes, records, replayMillis, listeningMillis);
            assertThat(replayMillis).as("ms to read %d MiB back", megabytes).isLessThan(1000L * megabytes);
        }
    }

    /**
     * A journal of about {@code bytes} of lines in 100 rooms, written as the server writes one
     * (docs/operations.md, "Room history"): length, CRC-32C, then the entry's fields.
     */
    private static long writeJournal(Path file, long bytes) throws IOException {
        long records = 0;
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            while (written < bytes) {
                java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream(200);
                DataOutputStream fields = new DataOutputStream(payload);
                fields.writeLong(1_700_000_000_000L + records);
                fields.writeByte(0);
                for (String text : new String[] {records % 100 == 0 ? "lobby" : "room" + records % 100,
                        "id" + records, "alice!alice@c-0123456789ab.ip", records + " " + TEXT}) {
                    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                    fields.writeInt(utf8.length);
                    fields.write(utf8);
                }
                byte[] body = payload.toByteArray();
                CRC32C crc = new CRC32C();
                crc.update(body);
                DataOutputStream record = new DataOutputStream(out);
                record.writeInt(body.length);
                record.writeInt((int) crc.getValue());
                record.write(body);
                written += 8 + body.length;
                records++;
            }
        }
        return records;
    }

    private static long limit(String size) {
        return Long.parseLong(size.substring(0, size.length() - 1)) << 20;
    }

    private static long metric(InetSocketAddress http, String name) throws IOException {
        try (Socket socket = ClientSocket.raw(http)) {
            socket.getOutputStream().write("GET /metrics HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String page = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher matcher = Pattern.compile("(?m)^" + name + " (\\d+)$").matcher(page);
            assertThat(matcher.find()).as(name + " in /metrics").isTrue();
            return Long.parseLong(matcher.group(1));
        }
    }
}
