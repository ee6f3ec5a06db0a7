package reactorchat.reactor;

/**
 * Memory a client can make the server hold (held input, unfinished frames, chat state, transfer
 * state), charged before it is spent. One total budget (--max-client-memory) serves every
 * connection; a connection's own budget ({@link Connection#memory}) charges that total and also
 * counts what this one connection holds, so that the biggest holders can be told apart.
 *
 * <p>The upper layers call it; the transport knows nothing of what they charge for. Loop thread only.
 */
public interface MemoryBudget {
    /** A budget that takes everything: for tests and tools with no server around them. */
    MemoryBudget UNLIMITED = new MemoryBudget() {
        @Override
        public boolean tryCharge(long bytes) {
            return true;
        }

        @Override
        public void release(long bytes) {
        }
    };

    /**
     * Takes {@code bytes} from the budget before they are allocated.
     *
     * @return false, with nothing taken, if they do not fit: the caller refuses what would need them
     */
    boolean tryCharge(long bytes);

    /** Gives back bytes charged earlier, once they are no longer held. */
    void release(long bytes);
}
