package reactorchat.reactor;

import java.io.IOException;

/**
 * What a selection key's attachment is: the loop hands each ready key to its handler, so the
 * acceptor and every connection are dispatched the same way, with no type tests.
 */
interface IoHandler {
    /** Handles the ready operations of this handler's key; runs on the loop thread. */
    void handle(int readyOps) throws IOException;

    /** Called when {@link #handle} threw: release what the handler holds. */
    void failed(Throwable cause);
}
