package reactorchat.protocol.irc;

import java.util.List;
import java.util.Map;

import reactorchat.protocol.PasswordHash;

/**
 * What an operator may set for the irc dialect.
 *
 * @param serverName          the name the server gives itself in replies, a host name
 * @param serverInfo          the server's one-line description (WHOIS, VERSION, INFO, LINKS)
 * @param password            what PASS must give before registration; empty means none is needed
 * @param opers               OPER logins, name to password hash; empty means nobody can become a server operator
 * @param motd                the message of the day, line by line; empty means none (422)
 * @param pingIntervalSeconds a client silent this long is sent a PING; 0 means never
 * @param pingTimeoutSeconds  a client that stays silent this much longer after the PING is disconnected
 * @param registerTimeoutSeconds a client not registered this long after connecting is disconnected, however
 *                            busy it is (a slowloris holds a connection slot otherwise); 0 means never
 */
public record IrcOptions(String serverName, String serverInfo, String password, Map<String, PasswordHash> opers,
        List<String> motd, int pingIntervalSeconds, int pingTimeoutSeconds, int registerTimeoutSeconds) {
    public IrcOptions {
        opers = Map.copyOf(opers);
        motd = List.copyOf(motd);
        if (!serverName.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,62}")) {
            throw new IllegalArgumentException("irc-server-name must be a host name (letters, digits, '.', '-'), got '"
                    + serverName + "'");
        }
        serverInfo = IrcFormat.safe(serverInfo);
        if (pingIntervalSeconds < 0 || pingTimeoutSeconds < 1) {
            throw new IllegalArgumentException("irc-ping-interval must be 0 (off) or more, irc-ping-timeout 1 or more");
        }
        if (registerTimeoutSeconds < 0) {
            throw new IllegalArgumentException("irc-register-timeout must be 0 (off) or more");
        }
    }

    /** Names the operator logins, never their hashes, and says whether a password is set, never which. */
    @Override
    public String toString() {
        return "IrcOptions[serverName=" + serverName + ", password=" + (password.isEmpty() ? "(none)" : "(set)")
                + ", opers=" + opers.keySet() + ", motd=" + motd.size() + " lines, pingIntervalSeconds=" + pingIntervalSeconds
                + ", pingTimeoutSeconds=" + pingTimeoutSeconds + ", registerTimeoutSeconds=" + registerTimeoutSeconds + "]";
    }
}
