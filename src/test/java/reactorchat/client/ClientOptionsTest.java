package reactorchat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ClientOptionsTest {
    @Test
    void chatNeedsOnlyTheServer() {
        ClientOptions options = ClientOptions.parse(List.of("127.0.0.1:7000"));
        assertThat(options.mode()).isEqualTo(ClientOptions.Mode.CHAT);
        assertThat(options.target().getHostString()).isEqualTo("127.0.0.1");
        assertThat(options.target().getPort()).isEqualTo(7000);
        assertThat(options.nick()).isNull();
    }

    @Test
    void sendFileTakesANickAndAPath() {
        ClientOptions options = ClientOptions.parse(List.of("--send-file", "bob", "a b.txt", "--nick=alice", "[::1]:7001"));
        assertThat(options.mode()).isEqualTo(ClientOptions.Mode.SEND);
        assertThat(options.peer()).isEqualTo("bob");
        assertThat(options.file()).isEqualTo(Path.of("a b.txt"));
        assertThat(options.nick()).isEqualTo("alice");
        assertThat(options.target().getHostString()).isEqualTo("::1");
    }

    @Test
    void receiveFilesTakesADirectoryAndSenders() {
        ClientOptions options = ClientOptions.parse(List.of("h:1", "--receive-files", "in", "--from", "a", "--from=b",
                "--once", "--progress", "LINES"));
        assertThat(options.mode()).isEqualTo(ClientOptions.Mode.RECEIVE);
        assertThat(options.dir()).isEqualTo(Path.of("in"));
        assertThat(options.from()).containsExactly("a", "b");
        assertThat(options.once()).isTrue();
        assertThat(options.progress()).isEqualTo(Progress.Style.LINES);
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> ClientOptions.parse(List.of())).hasMessageContaining("HOST:PORT is required");
        assertThatThrownBy(() -> ClientOptions.parse(List.of("h:0"))).hasMessageContaining("port must be from 1 to 65535");
        assertThatThrownBy(() -> ClientOptions.parse(List.of("h"))).hasMessageContaining("must be HOST:PORT");
        assertThatThrownBy(() -> ClientOptions.parse(List.of("h:1", "h:2"))).hasMessageContaining("unexpected argument 'h:2'");
        assertThatThrownBy(() -> ClientOptions.parse(List.of("h:1", "--fast"))).hasMessageContaining("unknown option --fast");
        assertThatThrownBy(() -> ClientOptions.parse(List.of("h:1", "--once"))).hasMessageContaining("--once goes with --receive-files");
        assertThatThrownBy(() -> ClientOptions.parse(List.of("h:1", "--send-file", "b", "f", "--receive-files", "d")))
                .hasMessageContaining("cannot be used together");
        assertThatThrownBy(() -> ClientOptions.parse(List.of("h:1", "--progress", "fancy")))
                .hasMessageContaining("--progress must be auto, bar, lines or off");
    }
}
