package reactorchat.app;

import java.time.Clock;
import java.util.Locale;
import java.util.function.Supplier;

import reactorchat.chat.Chat;
import reactorchat.protocol.echo.EchoDialect;
import reactorchat.protocol.frame.FrameDialect;
import reactorchat.protocol.http.HttpDialect;
import reactorchat.protocol.irc.IrcDialect;
import reactorchat.protocol.line.LineDialect;
import reactorchat.reactor.ConnectionFactory;

/** The dialects a listener can speak, by the name used in {@code --listen DIALECT=HOST:PORT}. */
enum Dialect {
    LINE {
        @Override
        ConnectionFactory factory(Chat chat, Clock clock, Config config, Supplier<String> metrics) {
            return new LineDialect(chat, clock.getZone());
        }
    },
    ECHO {
        @Override
        ConnectionFactory factory(Chat chat, Clock clock, Config config, Supplier<String> metrics) {
            return new EchoDialect();
        }
    },
    IRC {
        @Override
        ConnectionFactory factory(Chat chat, Clock clock, Config config, Supplier<String> metrics) {
            return new IrcDialect(chat, clock, config.irc(), Version.get());
        }
    },
    FRAME {
        @Override
        ConnectionFactory factory(Chat chat, Clock clock, Config config, Supplier<String> metrics) {
            return new FrameDialect(chat, config.frame());
        }
    },
    HTTP {
        @Override
        ConnectionFactory factory(Chat chat, Clock clock, Config config, Supplier<String> metrics) {
            return new HttpDialect(metrics);
        }
    };

    /** @param metrics renders the /metrics page, for the http dialect */
    abstract ConnectionFactory factory(Chat chat, Clock clock, Config config, Supplier<String> metrics);

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Dialect named(String name) {
        for (Dialect dialect : values()) {
            if (dialect.label().equals(name)) {
                return dialect;
            }
        }
        return null;
    }
}
