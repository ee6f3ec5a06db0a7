package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The client-line parser, without sockets. */
class IrcMessageTest {
    @Test
    void commandMiddleAndTrailingParameters() {
        IrcMessage message = IrcMessage.parse("privmsg #chan :hello there :-)");
        assertThat(message.command()).isEqualTo("PRIVMSG");
        assertThat(message.params()).containsExactly("#chan", "hello there :-)");
    }

    @Test
    void tagsAndPrefixAreSkipped() {
        IrcMessage message = IrcMessage.parse("@time=2020-01-01T00:00:00Z;x=y :nick!u@h JOIN #a,#b key");
        assertThat(message).isEqualTo(new IrcMessage("JOIN", List.of("#a,#b", "key")));
    }

    @Test
    void extraSpacesAreTolerated() {
        assertThat(IrcMessage.parse("  NICK    alice  ").params()).containsExactly("alice");
    }

    @Test
    void anEmptyTrailingParameterCounts() {
        IrcMessage message = IrcMessage.parse("TOPIC #a :");
        assertThat(message.params()).containsExactly("#a", "");
        assertThat(message.size()).isEqualTo(2);
        assertThat(message.param(5)).isEmpty();
    }

    @Test
    void theFifteenthParameterTakesTheRestOfTheLine() {
        String middles = String.join(" ", Collections.nCopies(14, "m"));
        IrcMessage message = IrcMessage.parse("CMD " + middles + " last words here");
        assertThat(message.size()).isEqualTo(15);
        assertThat(message.param(14)).isEqualTo("last words here");
    }

    @Test
    void nulAndStrayCarriageReturnsAreRemoved() {
        assertThat(IrcMessage.parse("PRIVMSG x :a\rb\0c").param(1)).isEqualTo("abc");
    }

    @Test
    void linesWithoutACommandAreNothing() {
        assertThat(IrcMessage.parse("")).isNull();
        assertThat(IrcMessage.parse("   ")).isNull();
        assertThat(IrcMessage.parse(":prefix.only")).isNull();
        assertThat(IrcMessage.parse("@tags=only")).isNull();
    }
}
