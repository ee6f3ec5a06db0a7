package reactorchat.protocol.irc;

import java.util.List;

/**
 * What an operator may set for the irc dialect.
 *
 * @param password            what PASS must give before registration; empty means none is needed
 * @param motd                the message of the day, line by line; empty means none (422)
 * @param pingIntervalSeconds a client silent this long is sent a PING; 0 means never
 * @param pingTimeoutSeconds  a client that stays silent this much longer after the PING is disconnected
 */
public record IrcOptions(String password, List<String> motd, int pingIntervalSeconds, int pingTimeoutSeconds) {
    public static final IrcOptions DEFAULTS = new IrcOptions("", List.of(), 120, 60);

    public IrcOptions {
        motd = List.copyOf(motd);
        if (pingIntervalSeconds < 0 || pingTimeoutSeconds < 1) {
            throw new IllegalArgumentException("irc-ping-interval must be 0 (off) or more, irc-ping-timeout 1 or more");
        }
    }
}
