package reactorchat.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A loop's clients by role once they join: the chatters, which all receive and some of which
 * send, the setup's flooders and silent clients, and a soak's churn and slow clients. It counts
 * each join and close in the tally, and hands the client to whatever watches its role.
 */
final class Roster {
    private final Tally tally;
    private final SlowReaders silent;
    /** Null in an ordinary run. */
    private final Soak soak;
    private final List<SimClient> receivers = new ArrayList<>();
    private final List<SimClient> flooders = new ArrayList<>();

    Roster(Tally tally, SlowReaders silent, Soak soak) {
        this.tally = tally;
        this.silent = silent;
        this.soak = soak;
    }

    /** The chatters that joined, in the order they joined. */
    List<SimClient> receivers() {
        return receivers;
    }

    List<SimClient> flooders() {
        return flooders;
    }

    void joined(SimClient client) {
        switch (client.role) {
            case CHATTER -> receivers.add(client);
            case FLOODER -> flooders.add(client);
            case SILENT -> silent.joined(client, System.nanoTime());
            case SLOW, CHURN -> {
                soak.joined(client, System.nanoTime());
                return; // not counted among the clients of the setup
            }
        }
        tally.joined++;
    }

    void closed(SimClient client, SimClient.State was, String reason) {
        if (client.role == SimClient.Role.SLOW || client.role == SimClient.Role.CHURN) {
            soak.closed(client, was, reason);
            return;
        }
        if (client.role == SimClient.Role.SILENT) {
            silent.closed(client, was, reason);
        }
        if (was != SimClient.State.JOINED) {
            tally.setupFailed(reason);
            return;
        }
        tally.joined--;
        if (client.role == SimClient.Role.SILENT) {
            tally.silentClosed++;
        } else {
            tally.disconnected(client.role == SimClient.Role.FLOODER ? "flooder: " + reason : reason);
        }
    }

    /** A room message reached a client that is not a chatter; its role decides what it means. */
    void heard(SimClient client, byte[] bytes, int at, int end) {
        if (soak != null) {
            soak.heard(client, bytes, at, end);
        }
    }

    /** The end of the setup: chatters and flooders that have gone since they joined are left out. */
    void keepJoined() {
        receivers.removeIf(c -> c.state() != SimClient.State.JOINED);
        flooders.removeIf(c -> c.state() != SimClient.State.JOINED);
    }
}
