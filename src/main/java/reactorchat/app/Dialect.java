package reactorchat.app;

import java.time.Clock;
import java.util.Locale;
import java.util.function.Supplier;

import reactorchat.chat.Chat;
import reactorchat.protocol.PasswordChecks;
import reactorchat.protocol.echo.EchoDialect;
import reactorchat.protocol.frame.FrameDialect;
import reactorchat.protocol.http.HttpDialect;
import reactorchat.protocol.irc.IrcDialect;
import reactorchat.protocol.line.LineDialect;
import reactorchat.protocol.web.WebDialect;
import reactorchat.reactor.ConnectionFactory;

/** The dialects a listener can speak, by the name used in {@code --listen DIALECT=HOST:PORT}. */
enum Dialect {
    LINE(7000, 7443) {
        @Override
        ConnectionFactory factory(Chat chat, Clock clock, Config config, Supplier<String> metrics,
                                  PasswordChecks passwordChecks) {
            return new LineDialect(chat, clock.getZone(), config.session());
        }
    },
    ECHO(7002, 0) {
        @Override
        ConnectionFactory factory(Chat chat, Clock clock, Config config, Supplier<String> metrics,
                                  PasswordChecks passwordChecks) {
            return new EchoDialect(config.session().input());
        }
    },
    IRC(6667, 6697) {
        @Override
        ConnectionFactory factory(Chat chat, Clock clock, Config config, Supplier<String> metrics,
                                  PasswordChecks passwordChecks) {
            return new IrcDialect(chat, clock, config.irc(), config.session(), passwordChecks, Version.get());
        }
    },
    FRAME(7001, 7444) {
        @Override
        ConnectionFactory factory(Chat chat, Clock clock, Config config, Supplier<String> metrics,
                                  PasswordChecks passwordChecks) {
            return new FrameDialect(chat, config.frame(), config.session());
        }
    },
    HTTP(9100, 9443) {
        @Override
        ConnectionFactory factory(Chat chat, Clock clock, Config config, Supplier<String> metrics,
                                  PasswordChecks passwordChecks) {
            return new HttpDialect(metrics, config.httpHeaderTimeoutSeconds(), config.session().input());
        }
    },
    /** Browsers: the web client's files and WebSockets into irc or line sessions; never /metrics. */
    WEB(8080, 8443) {
        @Override
        ConnectionFactory factory(Chat chat, Clock clock, Config config, Supplier<String> metrics,
                                  PasswordChecks passwordChecks) {
            return new WebDialect(new IrcDialect(chat, clock, config.irc(), config.session(), passwordChecks,
                    Version.get()),
                    new LineDialect(chat, clock.getZone(), config.session()), config.web());
        }
    };

    /** The port a listener of this dialect takes when {@code --listen} names none. */
    final int usualPort;
    /** The same for a {@code +tls} listener; 0 where there is none (echo is for tests) and a port must be given. */
    final int usualTlsPort;

    Dialect(int usualPort, int usualTlsPort) {
        this.usualPort = usualPort;
        this.usualTlsPort = usualTlsPort;
    }

    /**
     * Whether its TLS clients are asked for a certificate, to be known by (IRC's CertFP): the
     * chat clients that are not browsers, since a browser would show its user a certificate picker.
     */
    boolean asksClientCertificates() {
        return this == IRC || this == FRAME;
    }

    /**
     * @param metrics        renders the /metrics page, for the http dialect
     * @param passwordChecks checks operators' passwords off the loop, for the irc dialect
     */
    abstract ConnectionFactory factory(Chat chat, Clock clock, Config config, Supplier<String> metrics,
                                       PasswordChecks passwordChecks);

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
