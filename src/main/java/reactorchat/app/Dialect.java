package reactorchat.app;

import java.time.ZoneId;
import java.util.Locale;

import reactorchat.chat.Chat;
import reactorchat.protocol.echo.EchoDialect;
import reactorchat.protocol.line.LineDialect;
import reactorchat.reactor.ConnectionFactory;

/** The dialects a listener can speak, by the name used in {@code --listen DIALECT=HOST:PORT}. */
enum Dialect {
    LINE {
        @Override
        ConnectionFactory factory(Chat chat, ZoneId zone) {
            return new LineDialect(chat, zone);
        }
    },
    ECHO {
        @Override
        ConnectionFactory factory(Chat chat, ZoneId zone) {
            return new EchoDialect();
        }
    };

    abstract ConnectionFactory factory(Chat chat, ZoneId zone);

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
