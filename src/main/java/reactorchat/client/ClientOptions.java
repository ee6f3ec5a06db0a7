package reactorchat.client;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import reactorchat.cli.CommandLine;
import reactorchat.codec.HostPort;

/**
 * What {@code client} runs with, validated once.
 *
 * @param mode     chat over the line dialect, or send or receive files over the frame dialect
 * @param target   the server's listener for that dialect
 * @param nick     the nick to take first; null keeps the guest nick
 * @param peer     with {@code --send-file}: who the file is offered to
 * @param file     with {@code --send-file}: the file to send
 * @param dir      with {@code --receive-files}: where received files go
 * @param from     with {@code --receive-files}: the only senders accepted; empty accepts everyone
 * @param once     with {@code --receive-files}: exit after the first accepted file has ended
 * @param progress how to show a transfer's progress on stderr
 * @param tls      how to speak TLS to the server; null for plain TCP
 */
record ClientOptions(Mode mode, InetSocketAddress target, String nick, String peer, Path file, Path dir,
                     List<String> from, boolean once, Progress.Style progress, ClientTls tls) {

    enum Mode { CHAT, SEND, RECEIVE }

    static final String USAGE = """
            usage: java -jar reactor-chat.jar client [options] HOST:PORT
                   java -jar reactor-chat.jar client --send-file NICK PATH [options] HOST:PORT
                   java -jar reactor-chat.jar client --receive-files DIR [options] HOST:PORT

            Without --send-file or --receive-files: chat over the line dialect (port 7000 by default).
            Lines you type are sent as they are; the server's lines are printed as they come. End of
            input (Ctrl-D) sends /quit. Exit status: 0 when the server closes the connection, 1 if it
            cannot be reached or the connection breaks, 2 for bad options.

            File transfer, over the frame dialect (`--listen frame=HOST:PORT` on the server):
              --send-file NICK PATH   offer PATH to NICK, send it when accepted, exit when it ends:
                                      0 complete, 3 declined, cancelled or refused, 1 connection
                                      trouble, 2 if PATH cannot be read
              --receive-files DIR     accept every offer (or only --from's), one at a time, into DIR:
                                      a hidden temporary file until the SHA-256 checks out, then the
                                      offered name made safe (never a path, never over an existing
                                      file: a taken name gets a number); prints each saved path on
                                      stdout; a transfer that brings nothing for 60 s is cancelled;
                                      runs until interrupted or the server closes
              --from NICK             accept files only from NICK (repeatable); others are declined
              --once                  exit after the first accepted file: 0 saved, 3 not
              --progress MODE         auto, bar, lines or off: a bar redrawn in place (at most 10
                                      times a second), a line every second, or nothing
                                      [auto: a bar when run from a terminal, else lines]
            Ctrl-C during a transfer cancels it for the other side.

            TLS, to a line+tls listener (port 7443 by default on the server):
              --tls                   speak TLS; the server's certificate must be trusted by the
                                      JDK's trust store and name the host given
              --tls-ca FILE           trust the certificates in this PEM file instead (a private
                                      CA, or a self-signed server certificate); implies --tls
              --insecure              trust any certificate (encrypted, but anyone in between can
                                      read it); implies --tls
            A certificate that is not trusted ends the client with status 1 and a line that gives
            its SHA-256 fingerprint. File transfers are plain TCP only.

            options:
              --nick NAME             take this nick after connecting
              --help                  show this help
            """;

    private static final Function<String, CommandLine.Flag> FLAGS = CommandLine.table(
            "send-file NICK PATH", "receive-files DIR", "nick NAME", "from NICK", "once", "progress MODE", "tls",
            "tls-ca FILE", "insecure");

    /** Parses {@code client}'s arguments. @throws IllegalArgumentException saying what is wrong */
    static ClientOptions parse(List<String> args) {
        CommandLine<CommandLine.Flag> parsed = CommandLine.parse(args, FLAGS, 1, "client --help");
        Mode mode = Mode.CHAT;
        String nick = null;
        String peer = null;
        Path file = null;
        Path dir = null;
        List<String> from = new ArrayList<>();
        boolean once = false;
        Progress.Style progress = Progress.Style.AUTO;
        boolean tls = false;
        boolean insecure = false;
        Path caFile = null;
        for (CommandLine.Given<CommandLine.Flag> given : parsed.given()) {
            switch (given.name()) {
                case "--send-file" -> {
                    mode = switchTo(mode, Mode.SEND);
                    peer = given.values().get(0);
                    file = Path.of(given.values().get(1));
                }
                case "--receive-files" -> {
                    mode = switchTo(mode, Mode.RECEIVE);
                    dir = Path.of(given.value());
                }
                case "--nick" -> nick = given.value();
                case "--from" -> from.add(given.value());
                case "--once" -> once = true;
                case "--progress" -> progress = Progress.Style.named(given.value());
                case "--tls" -> tls = true;
                case "--tls-ca" -> caFile = Path.of(given.value());
                case "--insecure" -> insecure = true;
            }
        }
        if (parsed.operands().isEmpty()) {
            throw new IllegalArgumentException("HOST:PORT is required (see client --help)");
        }
        if (mode != Mode.RECEIVE && (once || !from.isEmpty())) {
            throw new IllegalArgumentException((once ? "--once" : "--from") + " goes with --receive-files");
        }
        if (insecure && caFile != null) {
            throw new IllegalArgumentException("--insecure trusts any certificate: --tls-ca goes without it");
        }
        tls |= insecure || caFile != null;
        if (tls && mode != Mode.CHAT) {
            throw new IllegalArgumentException("file transfers are plain TCP only: --tls goes with chat");
        }
        return new ClientOptions(mode, parseTarget(parsed.operands().get(0)), nick, peer, file, dir, List.copyOf(from),
                once, progress, tls ? ClientTls.create(caFile, insecure) : null);
    }

    private static Mode switchTo(Mode current, Mode wanted) {
        if (current != Mode.CHAT && current != wanted) {
            throw new IllegalArgumentException("--send-file and --receive-files cannot be used together");
        }
        return wanted;
    }

    static InetSocketAddress parseTarget(String text) {
        // Left unresolved until connecting, so that an unknown host is a connection failure (status 1), not a usage error.
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the server " + e.getMessage(), e);
        }
    }
}
