package reactorchat.protocol.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import reactorchat.chat.RoomMode;

/** Encoding helpers and the command table, without sockets. */
class IrcFormatTest {
    /** Every single-line message is cleaned where it becomes bytes, whichever part was unsafe. */
    @Test
    void noLineCanCarryCrLfOrNul() {
        java.nio.ByteBuffer bytes = IrcFormat.bytes(":x!y@z TOPIC #c :a\rb\nc\0d");
        assertThat(java.nio.charset.StandardCharsets.UTF_8.decode(bytes).toString()).isEqualTo(":x!y@z TOPIC #c :abcd\r\n");
    }

    /** Found by IrcFuzzTest: 432 repeated a 500-byte nick, and the reply went past 512 bytes. */
    @Test
    void noLineIsLongerThan512BytesWithItsCrLf() {
        String nick = "\u20ac".repeat(170) + "z".repeat(100);
        String reply = Numerics.ERR_ERRONEUSNICKNAME.line("irc.test", "*", nick);
        String sent = java.nio.charset.StandardCharsets.UTF_8.decode(IrcFormat.bytes(reply)).toString();
        assertThat(sent.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeBetween(510, 512);
        assertThat(sent).startsWith(":irc.test 432 * \u20ac").endsWith("\u20ac\r\n").doesNotContain("\ufffd");
        assertThat(IrcFormat.bytes(":s 001 n :short").remaining()).isEqualTo(":s 001 n :short\r\n".length());
    }

    @Test
    void chunksKeepTheTextAndNeverSplitACharacter() {
        String text = "a\u00e9\u20ac\uD83D\uDE00".repeat(50);
        List<String> chunks = IrcFormat.chunks(text, 7);
        assertThat(String.join("", chunks)).isEqualTo(text);
        assertThat(chunks).allSatisfy(chunk -> assertThat(IrcFormat.utf8Length(chunk)).isBetween(1, 7));
        assertThat(IrcFormat.chunks("short", 100)).containsExactly("short");
    }

    @Test
    void safeTextHasNoLineBreaksOrNul() {
        assertThat(IrcFormat.safe("a\r\nb\0c")).isEqualTo("abc");
        assertThat(IrcFormat.safe("plain")).isEqualTo("plain");
    }

    @Test
    void modeStringsGroupSignsAndPutArgumentsLast() {
        assertThat(IrcFormat.modeString(List.of(
                new RoomMode.Change(RoomMode.OPERATOR, true, "alice"),
                new RoomMode.Change(RoomMode.VOICE, true, "bob"),
                new RoomMode.Change(RoomMode.KEY, false, "*"),
                new RoomMode.Change(RoomMode.MODERATED, true, ""))))
                .isEqualTo("+ov-k+m alice bob *");
        for (RoomMode mode : RoomMode.values()) {
            assertThat(IrcFormat.mode(IrcFormat.letter(mode))).isEqualTo(mode);
        }
        assertThat(IrcFormat.mode('b')).isEqualTo(RoomMode.BAN);
        assertThat(IrcFormat.mode('p')).isNull();
    }

    @Test
    void theCommandTableOpensOnlyRegistrationCommandsToStrangers() {
        assertThat(IrcCommand.named("FROB")).isNull();
        assertThat(IrcCommand.named("PRIVMSG").needsRegistration).isTrue();
        for (IrcCommand command : IrcCommand.values()) {
            boolean open = List.of("CAP", "PASS", "NICK", "USER", "PING", "PONG", "QUIT").contains(command.name());
            assertThat(command.needsRegistration).as(command.name()).isNotEqualTo(open);
        }
        assertThat(IrcCommand.named("USER").minParams).isEqualTo(4);
        assertThat(IrcCommand.named("KICK").minParams).isEqualTo(2);
    }

    @Test
    void ircNicksMayNotStartWithADigitOrDash() {
        assertThat(Registration.isValidNick("alice")).isTrue();
        assertThat(Registration.isValidNick("[away]")).isTrue();
        assertThat(Registration.isValidNick("1alice")).isFalse();
        assertThat(Registration.isValidNick("-alice")).isFalse();
        assertThat(Registration.isValidNick("a b")).isFalse();
        assertThat(Registration.isValidNick("")).isFalse();
    }
}
