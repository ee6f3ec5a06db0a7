package reactorchat.protocol.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactorchat.testing.Chromium;
import reactorchat.testing.ServerExtension;
import reactorchat.testing.TextClient;

/**
 * The bundled web client in a real browser: headless Chromium opens the page, enters as a nick,
 * chats with a line user both ways, follows the members and topic of its room as line and IRC
 * users come, rename and go, and keeps each private conversation in a pane of its own with its unread count. Skipped where Chromium is not installed; .ci/run installs it.
 */
class WebClientBrowserTest {
    /** Where the test leaves its picture of the page; docs/web-client.png is a copy. */
    static final Path SCREENSHOT = Path.of("target", "screenshots", "web-client.png");

    @RegisterExtension
    final ServerExtension server = ServerExtension.with("--listen", "web=127.0.0.1:0", "--listen", "irc=127.0.0.1:0");

    @Test
    void aBrowserUserAndALineUserChatBothWaysAndTheNetworkWritesNoHtml() throws Exception {
        if (System.getenv("CI") != null) {
            assertThat(Chromium.binary()).as("Chromium, which .ci/run installs").isNotNull();
        }
        assumeTrue(Chromium.binary() != null, "Chromium is not installed (apt-get install chromium); skipping the browser test");
        InetSocketAddress web = server.address("web");
        try (TextClient bob = server.user("bob");
             Chromium browser = Chromium.open("http://127.0.0.1:" + web.getPort() + "/")) {
            browser.waitUntil("document.readyState === 'complete' && !!document.getElementById('nick')");
            browser.evaluate("document.getElementById('nick').value = 'chromey';"
                    + " document.getElementById('login').requestSubmit(); 'sent'");
            bob.skipUntil(TextClient.Expected.regex("\\* guest-\\d+ is now known as chromey"));
            browser.waitUntil("document.getElementById('log').textContent.includes('you are now known as chromey')");

            type(browser, "hello from chromium");
            bob.skipUntil(TextClient.Expected.regex("\\d\\d:\\d\\d:\\d\\d <chromey> hello from chromium"));

            bob.send("see <b>this</b> at https://example.org/x?y=1");
            browser.waitUntil("document.getElementById('log').textContent.includes('see <b>this</b> at')");
            browser.waitUntil("document.querySelectorAll('#log b').length === 0"
                    + " && document.querySelectorAll('#log a[href=\"https://example.org/x?y=1\"][rel~=noreferrer]').length === 1"
                    + " && /^\\d\\d:\\d\\d:\\d\\d$/.test(document.querySelector('#log li:last-child time').textContent)");

            browser.waitUntil(members("bob", "chromey"));

            try (TextClient ivy = server.registered("ivy")) {
                ivy.send("JOIN #lobby", "PRIVMSG #lobby :hi both, from IRC");
                browser.waitUntil("document.getElementById('log').textContent.includes('<ivy> hi both, from IRC')");
                browser.waitUntil(members("bob", "chromey", "ivy"));
                browser.screenshot(SCREENSHOT); // for the README: a browser, a line and an IRC user in one room

                // Into a room of ivy's with a topic: the page reads its members and topic afresh, and follows them.
                ivy.send("JOIN #den", "TOPIC #den :plans at https://example.org/p");
                ivy.skipUntil(TextClient.Expected.find(" TOPIC #den :plans"));
                type(browser, "/join den");
                browser.waitUntil(members("chromey", "ivy")
                        + " && document.getElementById('topic').textContent === 'plans at https://example.org/p'"
                        + " && document.querySelectorAll('#topic a[href=\"https://example.org/p\"]').length === 1"
                        + " && document.getElementById('room-name').textContent === 'den (2)'");
                assertThat(browser.evaluate("document.getElementById('log').textContent")).as("the page's own /who")
                        .doesNotContain("users in den");
                bob.send("/join den");
                browser.waitUntil(members("bob", "chromey", "ivy"));
                bob.send("/nick bobby");
                browser.waitUntil(members("bobby", "chromey", "ivy"));
                ivy.send("TOPIC #den :<i>new</i> plans");
                browser.waitUntil("document.getElementById('topic').textContent === '<i>new</i> plans'"
                        + " && document.querySelectorAll('#topic i').length === 0");
            }
            browser.waitUntil(members("bobby", "chromey")); // ivy's connection closed: she quit

            // On a phone-sized screen the room sits above the log, and the members are still there.
            browser.viewport(360, 640);
            browser.waitUntil("document.getElementById('side').getBoundingClientRect().bottom"
                    + " <= document.getElementById('log').getBoundingClientRect().top + 1"
                    + " && document.querySelector('#members li').getBoundingClientRect().width > 0");

            // Each private conversation goes to a pane of its own, counted there until the pane is looked at.
            browser.viewport(760, 420);
            try (TextClient dan = server.user("dan[1]")) {
                bob.send("/msg chromey psst, a secret");
                browser.waitUntil(peers("bobby")); // so that the tabs' order is known
                dan.send("/msg chromey and one from me");
                browser.waitUntil(peers("bobby", "dan[1]")
                        + " && " + pane("bobby") + ".textContent.includes('*bobby* psst, a secret')"
                        + " && " + pane("dan[1]") + ".textContent.includes('*dan[1]* and one from me')"
                        + " && " + unread("bobby") + " === '1' && " + unread("dan[1]") + " === '1'"
                        + " && document.title === '(2) reactor-chat'");
                assertThat(browser.evaluate("document.getElementById('log').textContent")).doesNotContain("psst").doesNotContain("from me");
                assertThat(browser.evaluate(pane("bobby") + ".textContent")).doesNotContain("from me");
                browser.evaluate(tab("bobby") + ".querySelector('button').click(); 'shown'");
                browser.waitUntil("!" + pane("bobby") + ".hidden && document.getElementById('log').hidden && " + pane("dan[1]") + ".hidden"
                        + " && " + unread("bobby") + " === '' && " + unread("dan[1]") + " === '1'");
                type(browser, "a plain line here answers bobby");
                bob.skipUntil(TextClient.Expected.regex("\\d\\d:\\d\\d:\\d\\d \\*chromey\\* a plain line here answers bobby"));
                browser.waitUntil(pane("bobby") + ".textContent.includes('-> *bobby* a plain line here')");
                type(browser, "//slashed, and still only for bobby");
                bob.skipUntil(TextClient.Expected.regex("\\d\\d:\\d\\d:\\d\\d \\*chromey\\* /slashed, and still only for bobby"));
                // Nicks are told apart as the server tells them: DAN{1} is dan[1] (RFC 1459's case), so no new pane.
                type(browser, "/msg DAN{1} typed in the wrong case");
                dan.skipUntil(TextClient.Expected.regex("\\d\\d:\\d\\d:\\d\\d \\*chromey\\* typed in the wrong case"));
                browser.waitUntil(peers("bobby", "dan[1]") + " && !" + pane("dan[1]") + ".hidden"
                        + " && " + pane("dan[1]") + ".textContent.includes('-> *dan[1]* typed in the wrong case')");
                // A private notice from IRC is a private line too, and lands in its sender's pane.
                try (TextClient ivy = server.registered("ivy")) {
                    ivy.send("NOTICE chromey :noticed you");
                    browser.waitUntil(peers("bobby", "dan[1]", "ivy") + " && " + pane("ivy") + ".textContent.includes('-ivy- noticed you')"
                            + " && " + unread("ivy") + " === '1'");
                }
                // Closed with its button, or with /close typed in it; a member's name opens a conversation.
                browser.evaluate(tab("ivy") + ".querySelector('button.close').click(); 'closed'");
                type(browser, "/close");
                browser.waitUntil(peers("bobby") + " && !document.getElementById('log').hidden && document.title === 'reactor-chat'");
                browser.evaluate("[...document.querySelectorAll('#members button')].find(b => b.textContent === 'bobby').click(); 'opened'");
                browser.waitUntil("!" + pane("bobby") + ".hidden");
                altKey(browser, "PageUp");
                browser.waitUntil("!document.getElementById('log').hidden && " + pane("bobby") + ".hidden");
                altKey(browser, "PageDown");
                browser.waitUntil("!" + pane("bobby") + ".hidden && document.getElementById('log').hidden");
            }
            bob.send("meanwhile in the room");
            browser.waitUntil("document.getElementById('unread-room').textContent === '1' && document.title === '(1) reactor-chat'");
            // On a phone-sized screen the tabs stay on the screen.
            browser.viewport(360, 640);
            browser.waitUntil(tab("bobby") + ".getBoundingClientRect().right <= 360 && " + tab("bobby") + ".getBoundingClientRect().width > 0");
            browser.viewport(760, 420);
            browser.evaluate("document.getElementById('show-room').click(); 'shown'");
            browser.waitUntil("document.getElementById('unread-room').textContent === '' && document.title === 'reactor-chat'");

            // Over --max-ws-message: the server closes with 1009, and the page says so and does not come back.
            browser.evaluate("document.getElementById('line').value = 'x'.repeat(20000);"
                    + " document.getElementById('say').requestSubmit(); 'sent'");
            bob.skipUntil(TextClient.Expected.regex("\\* chromey quit .*"));
            browser.waitUntil("document.getElementById('status').textContent.includes('1009')");
            assertThat(browser.evaluate("document.getElementById('status').textContent"))
                    .contains("message too big").contains("not trying again");
        }
    }

    /** Types {@code line} into the page's input and sends it. */
    private static void type(Chromium browser, String line) throws Exception {
        browser.evaluate("document.getElementById('line').value = " + jsString(line) + ";"
                + " document.getElementById('say').requestSubmit(); 'sent'");
    }

    /** Presses Alt and {@code key} in the page's input. */
    private static void altKey(Chromium browser, String key) throws Exception {
        browser.evaluate("document.getElementById('line').dispatchEvent(new KeyboardEvent('keydown',"
                + " {key: " + jsString(key) + ", altKey: true, bubbles: true})); 'pressed'");
    }

    /** True in the page when its member list is exactly {@code nicks}, in that order. */
    private static String members(String... nicks) {
        return "[...document.querySelectorAll('#members li')].map(li => li.textContent).join(' ') === "
                + jsString(String.join(" ", nicks));
    }

    /** True in the page when its private panes are exactly those with {@code nicks}, in that order. */
    private static String peers(String... nicks) {
        return "[...document.querySelectorAll('#panes .tab')].map(t => t.dataset.peer).join(' ') === "
                + jsString(String.join(" ", nicks));
    }

    /** The tab of the private conversation with {@code nick}, in the page. */
    private static String tab(String nick) {
        return "[...document.querySelectorAll('#panes .tab')].find(t => t.dataset.peer === " + jsString(nick) + ")";
    }

    /** The log of the private conversation with {@code nick}, in the page. */
    private static String pane(String nick) {
        return "[...document.querySelectorAll('ol.log')].find(l => l.dataset.peer === " + jsString(nick) + ")";
    }

    /** The unread count shown on the tab of the conversation with {@code nick}. */
    private static String unread(String nick) {
        return tab(nick) + ".querySelector('.unread').textContent";
    }

    private static String jsString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
