package reactorchat.chat;

/**
 * Masks as IRC writes them (RFC 2812 section 2.5): {@code *} is any run of characters, {@code ?}
 * any one; case is ignored as nicks compare. A user is matched as {@code nick!ident@host}, with
 * the host they are shown by (a cloak). Their real address is tried too only for a mask a server
 * operator set: anyone else could otherwise learn it a character at a time from which bans hold.
 */
public final class Mask {
    private Mask() {
    }

    /** Whether {@code user} matches; by their real address as well only if {@code byAddress}. */
    public static boolean matches(String mask, User user, boolean byAddress) {
        String prefix = user.nick() + "!" + user.ident() + "@";
        return matches(mask, prefix + user.host()) || byAddress && !user.address().equals(user.host())
                && matches(mask, prefix + user.address());
    }

    public static boolean matches(String mask, String name) {
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
