package reactorchat.app;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start a graceful stop. A shutdown hook cannot do this: the JVM would exit
 * with status 143 (or 130) after it, while a clean stop must exit 0. sun.misc.Signal is in the
 * jdk.unsupported module, which the JDK keeps for exactly this use.
 */
final class Signals {
    private Signals() {
    }

    /** SIGHUP, as {@code systemctl reload} sends it. */
    static void onReload(Runnable action) {
        Signal.handle(new Signal("HUP"), signal -> action.run());
    }

    static void onStop(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> action.run());
        }
    }
}
