package reactorchat.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The attacks {@code simulate --attack} knows, by the name given on the command line. */
enum AttackKind {
    FRAME_PREFIX,
    HELD_INPUT,
    CHAT_STATE,
    BURST,
    MIX;

    /** Its command-line name, e.g. {@code frame-prefix}. */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static AttackKind named(String name) {
        for (AttackKind kind : values()) {
            if (kind.label().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("--attack must be one of " + names() + ", got '" + name + "'");
    }

    static String names() {
        List<String> names = new ArrayList<>();
        for (AttackKind kind : values()) {
            names.add(kind.label());
        }
        return String.join(", ", names);
    }

    /** The attacks to run: this one, or for a mix each of the others with a quarter of the connections. */
    List<Attack> attacks(AttackLoop loop, AttackOptions options) {
        if (this != MIX) {
            return List.of(attack(loop, options, options.connections(), options.readers()));
        }
        int share = Math.max(1, options.connections() / 4);
        List<Attack> all = new ArrayList<>();
        for (AttackKind kind : List.of(FRAME_PREFIX, HELD_INPUT, CHAT_STATE, BURST)) {
            all.add(kind.attack(loop, options, share, share));
        }
        return all;
    }

    private Attack attack(AttackLoop loop, AttackOptions options, int connections, int readers) {
        return switch (this) {
            case FRAME_PREFIX -> new FramePrefixAttack(loop, options, connections);
            case HELD_INPUT -> new HeldInputAttack(loop, options, connections);
            case CHAT_STATE -> new ChatStateAttack(loop, options, connections);
            case BURST -> new BurstAttack(loop, options, readers);
            case MIX -> throw new IllegalStateException("a mix is made of the other attacks");
        };
    }
}
