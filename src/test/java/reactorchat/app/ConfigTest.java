package reactorchat.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactorchat.protocol.InputLimits;
import reactorchat.protocol.PasswordHash;
import reactorchat.protocol.frame.FrameOptions;
import reactorchat.protocol.irc.IrcOptions;
import reactorchat.reactor.Limits;

class ConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaults() throws Exception {
        Config config = Config.parse(List.of());
        assertThat(config.endpoints()).containsExactly(
                new Endpoint(Dialect.LINE, new InetSocketAddress("127.0.0.1", 7000)),
                new Endpoint(Dialect.IRC, new InetSocketAddress("127.0.0.1", 6667)));
        assertThat(config.limits()).isEqualTo(Limits.DEFAULTS);
        assertThat(Limits.DEFAULTS).isEqualTo(new Limits(10_000, 0, 1 << 20, Runtime.getRuntime().maxMemory() * 25 / 100,
                256 << 10, 10, 0, 0));
        assertThat(config.session().input()).isEqualTo(InputLimits.DEFAULTS);
        assertThat(InputLimits.DEFAULTS).isEqualTo(new InputLimits(4096, 10, 20, 30));
        assertThat(config.logLevel()).isEqualTo("info");
        assertThat(config.statsIntervalSeconds()).isEqualTo(300);
        assertThat(config.irc()).isEqualTo(new IrcOptions("reactor-chat", "reactor-chat, one thread, one selector", "",
                Map.of(), List.of(), 120, 60, 30));
        assertThat(config.frame()).isEqualTo(new FrameOptions(131_072, 1L << 30)).isEqualTo(FrameOptions.DEFAULTS);
    }

    @Test
    void theFlushWindowIsAFewMillisecondsAtMost() throws Exception {
        assertThat(Config.parse(List.of()).flushWindowMillis()).isEqualTo(5);
        assertThat(Config.parse(List.of("--flush-window", "0")).flushWindowMillis()).isZero();
        assertThatThrownBy(() -> Config.parse(List.of("--flush-window", "101")))
                .hasMessageContaining("flush-window");
    }

    @Test
    void frameOptions() throws Exception {
        Config config = Config.parse(List.of("--listen", "frame=127.0.0.1:7001", "--max-frame", "64k", "--max-file", "10m"));
        assertThat(config.endpoints()).extracting(Endpoint::toString).containsExactly("frame=127.0.0.1:7001");
        assertThat(config.frame()).isEqualTo(new FrameOptions(65_536, 10L << 20));
    }

    @Test
    void flagsInBothForms() throws Exception {
        Config config = Config.parse(List.of("--listen", "line=127.0.0.1:7100", "--listen=echo=[::1]:7101",
                "--max-connections", "5", "--max-line=128", "--max-outbound", "64k", "--idle-timeout", "30",
                "--log-level", "debug", "--max-per-address", "3", "--soft-outbound", "16k", "--soft-outbound-seconds", "2",
                "--flood-rate", "0", "--flood-burst", "5", "--flood-timeout", "7", "--socket-send-buffer", "32k", "--max-outbound-total", "10%"));
        assertThat(config.endpoints()).extracting(Endpoint::toString)
                .containsExactly("line=127.0.0.1:7100", "echo=[0:0:0:0:0:0:0:1]:7101");
        assertThat(config.limits()).isEqualTo(new Limits(5, 3, 65_536, Runtime.getRuntime().maxMemory() * 10 / 100,
                16_384, 2, 30, 32_768));
        assertThat(config.session().input()).isEqualTo(new InputLimits(128, 0, 5, 7));
        assertThat(config.logLevel()).isEqualTo("debug");
    }

    @Test
    void ircOptions() throws Exception {
        Path motd = Files.writeString(dir.resolve("motd"), "line one\nline two\n");
        Config config = Config.parse(List.of("--listen", "irc=127.0.0.1:6697", "--irc-password", "pw", "--motd",
                motd.toString(), "--irc-ping-interval", "0", "--irc-ping-timeout", "5", "--irc-register-timeout", "0", "--irc-server-name", "irc.example", "--irc-server-info", "test server",
                "--irc-oper", "root:s3:cret", "--irc-oper", "admin:pw2"));
        assertThat(config.endpoints()).extracting(Endpoint::toString).containsExactly("irc=127.0.0.1:6697");
        IrcOptions irc = config.irc();
        assertThat(irc).isEqualTo(new IrcOptions("irc.example", "test server", "pw", irc.opers(),
                List.of("line one", "line two"), 0, 5, 0));
        assertThat(irc.opers()).containsOnlyKeys("root", "admin");
        assertThat(irc.opers().get("root").matches("s3:cret")).isTrue();
        assertThat(irc.opers().get("admin").matches("pw2")).isTrue();
        assertThat(irc.opers().get("admin").matches("s3:cret")).isFalse();
    }

    @Test
    void plainOperatorPasswordsAndAPasswordOnTheCommandLineAreWarnedOf() throws Exception {
        Config config = Config.parse(List.of("--irc-oper", "root:hunter2", "--irc-oper", "admin:pw2", "--password", "pw"));
        assertThat(config.warnings()).containsExactly(
                "--password shows the password to anyone who can list this machine's processes; put it in a file"
                        + " readable by the server alone and give --password-file",
                "irc-oper gives an operator's password in plain text; make one with: java -jar reactor-chat.jar"
                        + " hash-password, and put it in the config file as oper.NAME = HASH");
        assertThat(String.join("\n", config.warnings())).doesNotContain("hunter2").doesNotContain("pw2");
    }

    @Test
    void operatorsComeHashedFromTheConfigFileAsManyAsNeeded() throws Exception {
        PasswordHash first = PasswordHash.of("first secret".toCharArray(), new SecureRandom());
        PasswordHash second = PasswordHash.of("second secret".toCharArray(), new SecureRandom());
        Path file = Files.writeString(dir.resolve("opers.properties"),
                "oper.alice = " + first.encoded() + "\noper.bob = " + second.encoded() + "\n");
        Config config = Config.parse(List.of("--config", file.toString()));
        assertThat(config.irc().opers()).containsExactlyInAnyOrderEntriesOf(Map.of("alice", first, "bob", second));
        assertThat(config.warnings()).isEmpty();
        assertThat(config.irc().toString()).contains("alice", "bob").doesNotContain(first.encoded());
    }

    @Test
    void anOperatorLineWithoutAHashIsRefusedWithoutShowingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.properties"), "oper.alice = hunter2\n");
        assertThatThrownBy(() -> Config.parse(List.of("--config", file.toString())))
                .hasMessage("config file " + file + ": oper.alice is not a pbkdf2-sha256$ITERATIONS$SALT$HASH password hash;"
                        + " make one with: java -jar reactor-chat.jar hash-password")
                .hasMessageNotContaining("hunter2");
        Path nameless = Files.writeString(dir.resolve("nameless.properties"), "oper. = x\n");
        assertThatThrownBy(() -> Config.parse(List.of("--config", nameless.toString())))
                .hasMessageContaining("must name a login after oper.");
    }

    @Test
    void thePasswordComesFromTheFirstLineOfAPasswordFile() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "correct horse\r\nnot this\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Config config = Config.parse(List.of("--listen", "irc=127.0.0.1:0", "--password-file", file.toString()));
        assertThat(config.session().isPassword("correct horse")).isTrue();
        assertThat(config.irc().password()).isEqualTo("correct horse");
        assertThat(config.warnings()).isEmpty();
        assertThat(config.toString()).doesNotContain("correct horse");
    }

    @Test
    void aPasswordFileOthersMayReadIsWarnedOf() throws Exception {
        Path file = Files.writeString(dir.resolve("open-password"), "correct horse\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Config.parse(List.of("--password-file", file.toString())).warnings()).containsExactly(
                "password file " + file + " is open to other users of this machine (mode rw-r--r--); chmod 600 it");
    }

    @Test
    void aPasswordFileThatCannotServeIsOneLineWithoutItsContent() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\nhunter2\n");
        assertError(List.of("--password-file", empty.toString()), "password file " + empty + " has no password on its first line");
        Path big = Files.writeString(dir.resolve("big"), "hunter2".repeat(200));
        assertThatThrownBy(() -> Config.parse(List.of("--password-file", big.toString())))
                .hasMessage("password file " + big + " is over 1024 bytes: it should hold the password alone, on one line");
        assertError(List.of("--password-file", dir.resolve("missing").toString()), "cannot read password file "
                + dir.resolve("missing") + ": no such file");
        Path good = Files.writeString(dir.resolve("good"), "hunter2\n");
        assertError(List.of("--password-file", good.toString(), "--password", "x"), "give password or password-file, not both");
    }

    @Test
    void aMotdOver64KibIsRefusedWithoutReadingItWhole() throws Exception {
        Path motd = Files.writeString(dir.resolve("big-motd"), "x".repeat(64 << 10) + "\n");
        assertError(List.of("--motd", motd.toString()), "motd file " + motd + " is over 64 KiB");
    }

    @Test
    void theFormerNameOfTheClientMemoryBudgetStillWorksWithAWarning() throws Exception {
        Config config = Config.parse(List.of("--max-outbound-total", "3m"));
        assertThat(config.limits().maxClientMemory()).isEqualTo(3 << 20);
        assertThat(config.warnings()).containsExactly(
                "--max-outbound-total is deprecated and will be removed; use --max-client-memory");
        assertThat(Config.parse(List.of("--max-client-memory", "3m")).warnings()).isEmpty();
    }

    @Test
    void aConfigFileIsReadAndFlagsWin() throws Exception {
        Path file = dir.resolve("reactor-chat.properties");
        Files.writeString(file, "listen = line=127.0.0.1:7200, echo=127.0.0.1:7201\nmax-line = 512\nmax-outbound = 2m\n");
        Config config = Config.parse(List.of("--config", file.toString(), "--max-line", "256"));
        assertThat(config.endpoints()).extracting(Endpoint::toString)
                .containsExactly("line=127.0.0.1:7200", "echo=127.0.0.1:7201");
        assertThat(config.session().input().maxLineBytes()).isEqualTo(256);
        assertThat(config.limits().maxOutboundBytes()).isEqualTo(2 << 20);
    }

    @Test
    void aListenerWithoutAPortTakesItsDialectsUsualOne() throws Exception {
        Config config = Config.parse(List.of("--listen", "frame", "--listen", "irc=0.0.0.0", "--listen", "line=[::1]",
                "--listen", "echo", "--listen", "http=localhost"));
        assertThat(config.endpoints()).extracting(Endpoint::toString).containsExactly("frame=127.0.0.1:7001",
                "irc=0.0.0.0:6667", "line=[0:0:0:0:0:0:0:1]:7000", "echo=127.0.0.1:7002", "http=127.0.0.1:9100");
    }

    @Test
    void aTlsListenerWithoutAPortTakesItsDialectsUsualTlsOne() throws Exception {
        List<Endpoint> endpoints = List.of(Endpoint.parse("irc+tls=0.0.0.0"), Endpoint.parse("line+tls"),
                Endpoint.parse("frame+tls"), Endpoint.parse("http+tls"), Endpoint.parse("echo+tls=127.0.0.1:7445"));
        assertThat(endpoints).extracting(Endpoint::toString).containsExactly("irc+tls=0.0.0.0:6697",
                "line+tls=127.0.0.1:7443", "frame+tls=127.0.0.1:7444", "http+tls=127.0.0.1:9443", "echo+tls=127.0.0.1:7445");
        assertThat(endpoints).allMatch(Endpoint::tls);
        assertThat(Endpoint.parse("irc").tls()).isFalse();
    }

    @Test
    void mistakesAreNamed() throws Exception {
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "max-lines = 3\n");
        assertError(List.of("--frobnicate"), "unknown option --frobnicate (see --help)");
        assertError(List.of("--max-line"), "--max-line needs a value: --max-line BYTES");
        assertError(List.of("--max-line", "ten"), "max-line must be a whole number, got 'ten'");
        assertError(List.of("--max-line", "10"), "max-line must be from 64 to 1048576, got 10");
        assertError(List.of("--max-outbound", "-1"), "max-outbound must be from 0 to 1099511627776, got -1");
        assertError(List.of("--listen", "smtp=127.0.0.1:25"), "unknown dialect 'smtp' (known: line, echo, irc, frame, http, web,"
                + " each also with +tls)");
        assertError(List.of("--max-ws-message", "100"), "max-ws-message must be from 512 to 1048576, got 100");
        assertError(List.of("--ws-origin", "evil.example"), "ws-origin must be scheme://host[:port], got 'evil.example'");
        assertError(List.of("--ws-origin", "https://chat.example.org/page"),
                "ws-origin must be scheme://host[:port], got 'https://chat.example.org/page'");
        assertError(List.of("--listen", "echo+tls"), "echo+tls has no usual port: give one, as echo+tls=HOST:PORT");
        assertError(List.of("--listen", "line+tls=127.0.0.1:0", "--tls-cert", "cert.pem"),
                "tls-cert and tls-key go together: give both");
        assertError(List.of("--web-host", "chat.example.org:8080"),
                "web-host must be a host name without a port, got 'chat.example.org:8080'");
        assertError(List.of("--web-host", "[::1]:8080"), "web-host must be a host name without a port, got '[::1]:8080'");
        assertError(List.of("--listen", "line="), "expected HOST:PORT after 'line=', got ''");
        assertError(List.of("--listen", "line=:7000"), "expected HOST:PORT after 'line=', got ':7000'");
        assertError(List.of("--listen", "line=127.0.0.1:70000"), "port must be from 0 to 65535, got 70000");
        assertError(List.of("--log-level", "loud"),
                "log-level must be one of trace, debug, info, warn, error, off; got 'loud'");
        assertError(List.of("--flood-burst", "0"), "flood-burst must be from 1 to 1000000, got 0");
        assertError(List.of("--max-frame", "100"), "max-frame must be from 1024 to 16777216, got 100");
        assertError(List.of("--max-file", "-1"), "max-file must be from 0 to");
        assertError(List.of("--listen", "frame=127.0.0.1:0", "--max-frame", "512k"),
                "max-frame (524288) plus the 98304-byte high water mark must fit in soft-outbound (262144)");
        Config.parse(List.of("--max-frame", "512k")); // without a frame listener it matters not
        assertError(List.of("stray"), "unexpected argument 'stray' (see --help)");
        assertError(List.of("--motd", dir.resolve("nomotd").toString()), "cannot read motd file");
        assertError(List.of("--irc-ping-timeout", "0"), "irc-ping-timeout must be from 1 to 86400, got 0");
        assertError(List.of("--irc-server-name", "bad name"), "irc-server-name must be a host name");
        assertThatThrownBy(() -> Config.parse(List.of("--irc-oper", "nopassword")))
                .hasMessageContaining("irc-oper must be NAME:PASSWORD").hasMessageNotContaining("nopassword");
        assertThatThrownBy(() -> Config.parse(List.of("--irc-oper", ":hunter2")))
                .hasMessageContaining("irc-oper must be NAME:PASSWORD").hasMessageNotContaining("hunter2");
        assertError(List.of("--config", dir.resolve("missing").toString()), "cannot read config file");
        assertError(List.of("--config", bad.toString()), "unknown key 'max-lines'");
    }

    private static void assertError(List<String> args, String message) {
        assertThatThrownBy(() -> Config.parse(args)).isInstanceOf(UsageException.class).hasMessageContaining(message);
    }
}
