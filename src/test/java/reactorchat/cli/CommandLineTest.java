package reactorchat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class CommandLineTest {
    private static final Function<String, CommandLine.Flag> FLAGS = CommandLine.table("size BYTES", "pair A B", "json");

    private static CommandLine<CommandLine.Flag> parse(String... args) {
        return CommandLine.parse(List.of(args), FLAGS, 1, "test --help");
    }

    @Test
    void flagsComeInOrderWithTheirValuesAndRepeats() {
        CommandLine<CommandLine.Flag> parsed = parse("--size", "1", "host:1", "--json", "--size=2", "--pair", "x", "y");
        assertThat(parsed.given()).extracting(CommandLine.Given::name)
                .containsExactly("--size", "--json", "--size", "--pair");
        assertThat(parsed.given()).extracting(CommandLine.Given::values)
                .containsExactly(List.of("1"), List.of(), List.of("2"), List.of("x", "y"));
        assertThat(parsed.operands()).containsExactly("host:1");
    }

    @Test
    void aFormerNameLeadsToItsFlagAndIsKeptAsTyped() {
        CommandLine<CommandLine.Flag> parsed = CommandLine.parse(List.of("--old-size", "3"),
                key -> FLAGS.apply(key.equals("old-size") ? "size" : key), 0, "test --help");
        assertThat(parsed.given().get(0).flag().key()).isEqualTo("size");
        assertThat(parsed.given().get(0).typed()).isEqualTo("old-size");
    }

    @Test
    void mistakesAreWordedOnceForEveryCommand() {
        assertThatThrownBy(() -> parse("--frob=1")).hasMessage("unknown option --frob (see test --help)");
        assertThatThrownBy(() -> parse("-x")).hasMessage("unknown option -x (see test --help)");
        assertThatThrownBy(() -> parse("a", "b")).hasMessage("unexpected argument 'b' (see test --help)");
        assertThatThrownBy(() -> parse("--size")).hasMessage("--size needs a value: --size BYTES");
        assertThatThrownBy(() -> parse("--size", "--json")).hasMessage("--size needs a value: --size BYTES");
        assertThatThrownBy(() -> parse("--pair", "x")).hasMessage("missing value: --pair A B");
        assertThatThrownBy(() -> parse("--pair=x")).hasMessage("--pair takes two values: --pair A B");
        assertThatThrownBy(() -> parse("--json=yes")).hasMessage("--json takes no value: --json");
    }

    @Test
    void numbersSayTheirRule() {
        assertThat(parse("--size", "10_000").given().get(0).integer(0, 20_000)).isEqualTo(10_000);
        assertThatThrownBy(() -> parse("--size", "0").given().get(0).integer(1, 9))
                .hasMessage("--size must be a whole number from 1 to 9, got '0'");
        assertThat(Numbers.bytes("max-outbound", "64k", 0, 1L << 20)).isEqualTo(65_536);
        assertThat(Numbers.bytesOrShare("memory", "25%", 1L << 40, percent -> percent * 4L)).isEqualTo(100);
        assertThatThrownBy(() -> Numbers.wholeNumber("max-line", "ten", 1, 9))
                .hasMessage("max-line must be a whole number, got 'ten'");
        assertThatThrownBy(() -> Numbers.bytes("max-file", "2g", 0, 1L << 30))
                .hasMessage("max-file must be from 0 to 1073741824, got 2g");
    }
}
