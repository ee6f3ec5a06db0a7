package reactorchat.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * One loop's part of a run on several threads (--threads): its clients, senders, probes and silent
 * clients, each the run's divided as evenly as it goes (the first loops take one more of a
 * remainder), its part of the ramp, the run's number of its first sender, and the id of its first
 * client, so that nicks stay unique across loops. With one thread the share is the whole run.
 *
 * @param index    the loop's number, from 0
 * @param flooders a soak's flooders, all in the first loop: a soak runs on one thread
 */
record Share(int index, int clients, int senders, int probes, int silent, int flooders, int ramp, int firstSender,
             int firstId) {

    static List<Share> of(SimOptions options) {
        int loops = options.threads();
        List<Share> shares = new ArrayList<>(loops);
        int firstSender = 0;
        int firstId = 0;
        for (int t = 0; t < loops; t++) {
            Share share = new Share(t, part(options.clients(), t, loops), part(options.senders(), t, loops),
                    part(options.probes(), t, loops), part(options.silent(), t, loops),
                    t == 0 ? options.flooders() : 0, Math.max(1, part(options.ramp(), t, loops)), firstSender,
                    firstId);
            shares.add(share);
            firstSender += share.senders();
            firstId += share.setupClients();
        }
        return shares;
    }

    /** Clients opened before the run starts: chatters, then flooders, then silent ones. */
    int setupClients() {
        return clients + flooders + silent;
    }

    /** Loop {@code t}'s part of {@code total}: no part is more than one above another. */
    private static int part(int total, int t, int loops) {
        return total / loops + (t < total % loops ? 1 : 0);
    }
}
