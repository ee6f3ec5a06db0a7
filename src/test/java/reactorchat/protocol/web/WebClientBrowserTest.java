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
 * and chats with a line user both ways. Skipped where Chromium is not installed; .ci/run installs it.
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

            browser.evaluate("document.getElementById('line').value = 'hello from chromium';"
                    + " document.getElementById('say').requestSubmit(); 'sent'");
            bob.skipUntil(TextClient.Expected.regex("\\d\\d:\\d\\d:\\d\\d <chromey> hello from chromium"));

            bob.send("see <b>this</b> at https://example.org/x?y=1");
            browser.waitUntil("document.getElementById('log').textContent.includes('see <b>this</b> at')");
            browser.waitUntil("document.querySelectorAll('#log b').length === 0"
                    + " && document.querySelectorAll('#log a[href=\"https://example.org/x?y=1\"][rel~=noreferrer]').length === 1"
                    + " && /^\\d\\d:\\d\\d:\\d\\d$/.test(document.querySelector('#log li:last-child time').textContent)");

            try (TextClient ivy = server.registered("ivy")) {
                ivy.send("JOIN #lobby", "PRIVMSG #lobby :hi both, from IRC");
                browser.waitUntil("document.getElementById('log').textContent.includes('<ivy> hi both, from IRC')");
                browser.screenshot(SCREENSHOT); // for the README: a browser, a line and an IRC user in one room
            }

            // Over --max-ws-message: the server closes with 1009, and the page says so and does not come back.
            browser.evaluate("document.getElementById('line').value = 'x'.repeat(20000);"
                    + " document.getElementById('say').requestSubmit(); 'sent'");
            bob.skipUntil(TextClient.Expected.regex("\\* chromey quit .*"));
            browser.waitUntil("document.getElementById('status').textContent.includes('1009')");
            assertThat(browser.evaluate("document.getElementById('status').textContent"))
                    .contains("message too big").contains("not trying again");
        }
    }
}
