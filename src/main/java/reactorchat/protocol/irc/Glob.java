package reactorchat.protocol.irc;

import reactorchat.chat.Names;

/** IRC masks (RFC 2812 section 2.5): {@code *} is any run of characters, {@code ?} any one; case as nicks compare. */
final class Glob {
    private Glob() {
    }

    static boolean matches(String mask, String name) {
        String m = Names.fold(mask);
        String n = Names.fold(name);
        int mi = 0;
        int ni = 0;
        int star = -1;
        int resume = 0;
        while (ni < n.length()) {
            if (mi < m.length() && (m.charAt(mi) == '?' || m.charAt(mi) == n.charAt(ni))) {
                mi++;
                ni++;
            } else if (mi < m.length() && m.charAt(mi) == '*') {
                star = mi++;
                resume = ni;
            } else if (star >= 0) {
                mi = star + 1;
                ni = ++resume;
            } else {
                return false;
            }
        }
        while (mi < m.length() && m.charAt(mi) == '*') {
            mi++;
        }
        return mi == m.length();
    }
}
