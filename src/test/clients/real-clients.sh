#!/usr/bin/env bash
# Real IRC clients on reactor-chat: irssi and WeeChat (weechat-headless), both driven in tmux,
# a second irssi over TLS, and an nc-style user on the line listener, in one #lobby.
#
#   src/test/clients/real-clients.sh            (from the repository root, after `mvn package`)
#
# It builds nothing: it runs target/reactor-chat.jar. It installs irssi, weechat-headless,
# weechat-plugins (the fifo plugin) and tmux with apt-get when they are missing (needs root);
# it needs openssl for the TLS listener's certificate.
#
# What it does, all on 127.0.0.1:
#   - makes a self-signed certificate for 127.0.0.1 with openssl;
#   - starts the daemon with a line, an irc and an irc+tls listener on free ports;
#   - a line user (bash /dev/tcp, like `nc`) becomes "lina";
#   - irssi ("irssiuser") and WeeChat ("weeuser") connect, register and join #lobby;
#   - a second irssi ("tlsuser") connects to irc+tls, verifying the certificate against it as
#     its CA, registers and joins #lobby;
#   - each of the four says a line in #lobby that the three others must see;
#   - each sends a private message to each of the two others (six in all);
#   - each changes nick (irssiuser -> irssi2, weeuser -> wee2, lina -> lina2), the others must see
#     the change, and a line said under the new nick arrives under it;
#   - WeeChat asks for server-time and echo-message (and must show its own lines once, or twice
#     if it does not know echo-message, as WeeChat 3.8 does not);
#   - irssi parts #lobby with a reason, then quits; the TLS irssi quits with a reason;
#   - WeeChat and the line user say a line each, then the daemon gets SIGTERM and is started
#     again on the same ports and --data-dir; WeeChat reconnects by itself (autoreconnect, every
#     second), rejoins #lobby and must show the earlier lines played back; the line user connects
#     again and must get the lobby's history first; each then sees a line of the other;
#   - WeeChat quits with a reason; the line user quits.
# Every step waits for the lines it expects with a deadline (short polling, no blind sleeps) and
# the script exits 1 at the first line that does not arrive. It then prints a transcript: what
# each client saw (irssi's and WeeChat's own logs, irssi's screen, the line user's socket) and the
# daemon's two logs.
#
# irssi is driven with `tmux send-keys` like a person at the keyboard; weechat-headless has no
# screen to type into, so it runs in a tmux window too and is driven through its fifo plugin
# (the documented remote-control pipe). Both write what they see with their own loggers.
#
# Environment: REAL_CLIENTS_TIMEOUT (seconds to wait for each expected line, default 15),
# REAL_CLIENTS_KEEP=1 keeps the work directory, JAVA (default java).
# Exit status: 0 all lines arrived, 1 a line did not arrive, 2 setup failed.
set -uo pipefail

cd "$(dirname "$0")/../../.." || exit 2
ROOT=$PWD
JAR=$ROOT/target/reactor-chat.jar
JAVA=${JAVA:-java}
STEP_TIMEOUT=${REAL_CLIENTS_TIMEOUT:-15}

say() { printf '%s real-clients: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { say "SETUP FAILED: $*"; exit 2; }

[[ -f $JAR ]] || die "$JAR is missing; run: mvn -q package -DskipTests"
command -v "$JAVA" >/dev/null || die "no $JAVA on PATH"
command -v openssl >/dev/null || die "no openssl on PATH (it makes the TLS listener's certificate)"

# --- the clients -------------------------------------------------------------------------------
missing=()
command -v irssi >/dev/null || missing+=(irssi)
command -v weechat-headless >/dev/null || missing+=(weechat-headless)
compgen -G '/usr/lib/*/weechat/plugins/fifo.so' >/dev/null || missing+=(weechat-plugins)
command -v tmux >/dev/null || missing+=(tmux)
if (( ${#missing[@]} )); then
  say "installing ${missing[*]} with apt-get"
  [[ $(id -u) -eq 0 ]] || die "need root to apt-get install ${missing[*]}"
  apt-get update -qq >/dev/null || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
fi
say "$(irssi --version | head -1); $(weechat-headless --version 2>/dev/null | head -1 | sed 's/^/WeeChat /'); $(tmux -V)"

# --- work directory, tmux server, cleanup ------------------------------------------------------
W=$(mktemp -d /tmp/real-clients.XXXXXX)
TSOCK=real-clients-$$
T=(tmux -L "$TSOCK")
DAEMON_PID= LINE_FD= LINE_CAT_PID=
cleanup() {
  # tmux kill-server HUPs the panes, but weechat-headless ignores SIGHUP: TERM what still runs
  local panes p
  panes=$("${T[@]}" list-panes -a -F '#{pane_pid}' 2>/dev/null)
  "${T[@]}" kill-server 2>/dev/null
  for p in $panes; do kill "$p" 2>/dev/null; done
  [[ -n $LINE_CAT_PID ]] && kill "$LINE_CAT_PID" 2>/dev/null
  [[ -n $LINE_FD ]] && exec {LINE_FD}>&-
  if [[ -n $DAEMON_PID ]] && kill -0 "$DAEMON_PID" 2>/dev/null; then
    kill "$DAEMON_PID"
    for _ in $(seq 50); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$DAEMON_PID" 2>/dev/null
  fi
  if [[ ${REAL_CLIENTS_KEEP:-0} == 1 ]]; then say "work directory kept: $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# --- a certificate for the irc+tls listener, made for this run --------------------------------------
TLS_DIR=$W/tls
mkdir -p "$TLS_DIR"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$TLS_DIR/key.pem" -out "$TLS_DIR/cert.pem" 2>"$TLS_DIR/openssl.log" \
  || { cat "$TLS_DIR/openssl.log"; die "openssl could not make a certificate"; }

# --- the daemon on free loopback ports ----------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
  local p
  while :; do p=$(( 20000 + RANDOM % 40000 )); port_free "$p" && { echo "$p"; return; }; done
}
# start_daemon LOG: the daemon on LINE_PORT, IRC_PORT and TLS_PORT, its data in $W/data; true once
# it has logged its start (at most 15 s)
start_daemon() {
  "$JAVA" -jar "$JAR" --listen "line=127.0.0.1:$LINE_PORT" --listen "irc=127.0.0.1:$IRC_PORT" \
    --listen "irc+tls=127.0.0.1:$TLS_PORT" --tls-cert "$TLS_DIR/cert.pem" --tls-key "$TLS_DIR/key.pem" \
    --data-dir "$W/data" --log-level info >"$1" 2>&1 &
  DAEMON_PID=$!
  for _ in $(seq 150); do
    grep -q ' started ' "$1" && return 0
    kill -0 "$DAEMON_PID" 2>/dev/null || break
    sleep 0.1
  done
  grep -q ' started ' "$1"
}
for attempt in 1 2 3 4 5; do
  LINE_PORT=$(pick_port); IRC_PORT=$(pick_port); TLS_PORT=$(pick_port)
  [[ $LINE_PORT == "$IRC_PORT" || $TLS_PORT == "$LINE_PORT" || $TLS_PORT == "$IRC_PORT" ]] && continue
  start_daemon "$W/daemon.log" && break
  kill "$DAEMON_PID" 2>/dev/null; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=
  grep -q 'already in use' "$W/daemon.log" || { cat "$W/daemon.log"; die "daemon did not start"; }
done
[[ -n $DAEMON_PID ]] || die "no free ports found"
say "daemon pid $DAEMON_PID: line 127.0.0.1:$LINE_PORT, irc 127.0.0.1:$IRC_PORT, irc+tls 127.0.0.1:$TLS_PORT"

# --- the transcript: what each client saw -----------------------------------------------------
section() { printf '\n----- %s -----\n' "$1"; }
transcript() {
  section "line user (bash /dev/tcp on the line listener; >> sent, << received)"
  cat "$LINE_LOG" 2>/dev/null
  section "irssi: status window after registering (tmux capture-pane)"
  cat "$W/irssi-status.txt" 2>/dev/null
  local f
  for f in "$ILOG"/*.log; do
    [[ -f $f ]] || continue
    section "irssi: log of ${f##*/}"
    cat "$f"
  done
  section "irssi: its #lobby window before /part (tmux capture-pane)"
  if [[ -f $W/irssi-screen.txt ]]; then cat "$W/irssi-screen.txt"; else irssi_screen; fi
  section "irssi over TLS: status window after registering (tmux capture-pane)"
  cat "$W/irssi-tls-status.txt" 2>/dev/null
  for f in "$ITLOG"/*.log; do
    [[ -f $f ]] || continue
    section "irssi over TLS: log of ${f##*/}"
    cat "$f"
  done
  for f in "$WLOG"/*.weechatlog; do
    [[ -f $f && ${f##*/} != core.weechat.weechatlog ]] || continue   # core: option changes only
    section "WeeChat: log of buffer ${f##*/}"
    expand -t 1 "$f"
  done
  section "daemon log"
  cat "$W/daemon.log"
  if [[ -f $W/daemon-2.log ]]; then
    section "daemon log after the restart"
    cat "$W/daemon-2.log"
  fi
}

# --- waiting for lines ---------------------------------------------------------------------------
CHECKS=0
# expect WHO FILE ERE WHAT: wait until a line of FILE matches ERE (grep -E), else fail.
expect() { expect_since "$1" "$2" 0 "$3" "$4"; }
# expect_since WHO FILE N ERE WHAT: the same, among the lines of FILE after its first N
expect_since() {
  local who=$1 file=$2 from=$3 re=$4 what=$5
  local deadline=$(( $(date +%s) + STEP_TIMEOUT ))
  while :; do
    if [[ -f $file ]] && tail -n "+$((from + 1))" "$file" | grep -qE -- "$re"; then
      CHECKS=$((CHECKS + 1)); say "ok   $who saw $what"; return 0
    fi
    (( $(date +%s) >= deadline )) && break
    sleep 0.1
  done
  say "FAIL $who did not see $what within ${STEP_TIMEOUT}s (pattern /$re/ in ${file#$W/})"
  transcript
  exit 1
}

# --- the line user: bash's /dev/tcp, like nc ------------------------------------------------------
LINE_LOG=$W/line.log
exec {LINE_FD}<>"/dev/tcp/127.0.0.1/$LINE_PORT" || die "cannot connect to the line listener"
# what it receives goes to line.log as "<< line", what it sends as ">> line", in order
( while IFS= read -r l; do printf '<< %s\n' "$l"; done <&"$LINE_FD" >>"$LINE_LOG" ) &
LINE_CAT_PID=$!
line_send() { printf '>> %s\n' "$1" >>"$LINE_LOG"; printf '%s\n' "$1" >&"$LINE_FD"; }

# --- irssi in tmux -------------------------------------------------------------------------------
IH=$W/irssi
mkdir -p "$IH/logs"
cat >"$IH/config" <<EOF
servers = ( );
settings = {
  core = {
    real_name = "irssi user"; user_name = "irssiuser"; nick = "irssiuser";
    log_timestamp = "%H:%M:%S ";
  };
  "fe-common/core" = {
    theme = "default";
    autolog = "yes";
    autolog_path = "$IH/logs/\$0.log";
    autolog_level = "all -crap -ctcps";
    autocreate_own_query = "no";
  };
};
EOF
irssi_keys() { "${T[@]}" send-keys -t irssi -l "$1"; "${T[@]}" send-keys -t irssi Enter; }
irssi_screen() { "${T[@]}" capture-pane -p -t irssi -S -300 2>/dev/null | sed -e 's/[[:space:]]*$//' | grep -v '^$'; }
ILOG=$IH/logs

# --- a second irssi, over TLS, in tmux --------------------------------------------------------------
ITH=$W/irssi-tls
mkdir -p "$ITH/logs"
sed -e "s|$IH/logs|$ITH/logs|" -e 's/"irssi user"/"irssi tls user"/' -e 's/"irssiuser"/"tlsuser"/g' \
  "$IH/config" >"$ITH/config"
irssi_tls_keys() { "${T[@]}" send-keys -t =tlsirc: -l "$1"; "${T[@]}" send-keys -t =tlsirc: Enter; }
irssi_tls_screen() { "${T[@]}" capture-pane -p -t =tlsirc: -S -300 2>/dev/null | sed -e 's/[[:space:]]*$//' | grep -v '^$'; }
ITLOG=$ITH/logs

# --- WeeChat (headless) in tmux -------------------------------------------------------------------
WH=$W/weechat
mkdir -p "$WH"
WSETUP="/set logger.file.flush_delay 0"
WSETUP+=";/set logger.file.path $WH/logs"
WSETUP+=";/set logger.file.mask \$plugin.\$name.weechatlog"
WSETUP+=";/set logger.file.time_format %H:%M:%S"
WSETUP+=";/set logger.level.irc 9"
WSETUP+=";/set fifo.file.enabled on"
WSETUP+=";/set fifo.file.path $WH/fifo"
WSETUP+=";/server add t 127.0.0.1/$IRC_PORT -notls"
WSETUP+=";/set irc.server.t.nicks weeuser"
WSETUP+=";/set irc.server.t.username weeuser"
WSETUP+=";/set irc.server.t.realname WeeChat user"
WSETUP+=";/set irc.server.t.capabilities server-time,echo-message"
# after the daemon's restart WeeChat reconnects by itself, trying every second until it is back
WSETUP+=";/set irc.server.t.autoreconnect on"
WSETUP+=";/set irc.server.t.autoreconnect_delay 1"
WSETUP+=";/set irc.network.autoreconnect_delay_growing 1"
WSETUP+=";/connect t"
wee() {  # wee BUFFER COMMAND-OR-TEXT: through the fifo plugin ("plugin.buffer *text")
  # (opening a fifo blocks until WeeChat reads it; never wait for that longer than a step)
  timeout "$STEP_TIMEOUT" bash -c 'printf "%s *%s\n" "$1" "$2" >"$3"' _ "$1" "$2" "$WH/fifo" \
    || { say "FAIL could not write to WeeChat's fifo"; transcript; exit 1; }
}
WLOG=$WH/logs
line_count() { if [[ -f $1 ]]; then wc -l <"$1"; else echo 0; fi; }
# With echo-message WeeChat must show its own line once. WeeChat 3.8 (Debian 12) does not know the
# capability (its irc plugin has not the name), yet asks for it when told to: it shows its line as
# it sends it and again as the server echoes it. Either way the count proves the echo arrived.
if grep -qa 'echo-message' /usr/lib/*/weechat/plugins/irc.so; then
  WEE_OWN=1 WEE_OWN_WHAT="its own line once (as echoed)"
else
  WEE_OWN=2 WEE_OWN_WHAT="its own line twice: as sent and as echoed (this WeeChat does not know echo-message)"
fi
# wee_own_line ERE: WeeChat's #lobby log holds WEE_OWN lines matching ERE
wee_own_line() {
  local n
  n=$(grep -cE -- "$1" "$WLOG/irc.t.#lobby.weechatlog")
  [[ $n == "$WEE_OWN" ]] || { say "FAIL weechat shows its own line $n times, not $WEE_OWN"; transcript; exit 1; }
  CHECKS=$((CHECKS + 1)); say "ok   weechat shows $WEE_OWN_WHAT"
}

# =================================================================================================
say "line user connects"
expect line "$LINE_LOG" '^<< \* welcome to reactor-chat, you are guest-[0-9]+ in lobby' "the welcome line"
line_send "/nick lina"
expect line "$LINE_LOG" '^<< \* you are now known as lina$' "its nick change to lina"

say "irssi connects and joins #lobby"
"${T[@]}" new-session -d -s irssi -x 200 -y 50 \
  "irssi --home=$IH --config=$IH/config -n irssiuser -c 127.0.0.1 -p $IRC_PORT"
irssi_status=$W/irssi-status.txt
deadline=$(( $(date +%s) + STEP_TIMEOUT ))
until irssi_screen >"$irssi_status" && grep -qE 'MOTD File is missing|End of (/)?MOTD' "$irssi_status"; do
  (( $(date +%s) >= deadline )) && { say "FAIL irssi did not register"; cat "$irssi_status"; exit 1; }
  sleep 0.1
done
CHECKS=$((CHECKS + 1)); say "ok   irssi registered (001-005, LUSERS, 422 on its screen)"
grep -qE 'Welcome to the reactor-chat IRC network, irssiuser' "$irssi_status" \
  || { say "FAIL irssi's screen has no 001 welcome"; cat "$irssi_status"; exit 1; }
irssi_keys "/join #lobby"
expect irssi "$ILOG/#lobby.log" 'irssiuser .*has joined #lobby' "itself join #lobby"
expect irssi "$ILOG/#lobby.log" 'Total of 2 nicks' "the NAMES of #lobby (irssiuser, lina)"
expect line "$LINE_LOG" '^<< \* irssiuser joined$' "irssiuser join"

say "WeeChat connects and joins #lobby"
"${T[@]}" new-session -d -s weechat -x 200 -y 50 \
  "weechat-headless --dir $WH --stdout -r '$WSETUP'"
expect weechat "$WLOG/irc.server.t.weechatlog" 'Welcome to the reactor-chat IRC network, weeuser' "the 001 welcome"
expect weechat "$WLOG/irc.server.t.weechatlog" 'MOTD File is missing' "422 (end of registration)"
expect weechat "$WLOG/irc.server.t.weechatlog" 'client capability, enabled: (echo-message server-time|server-time echo-message)$' "echo-message and server-time enabled"
[[ -p $WH/fifo ]] || { say "FAIL WeeChat's fifo $WH/fifo is missing"; transcript; exit 1; }
wee irc.server.t "/join #lobby"
expect weechat "$WLOG/irc.t.#lobby.weechatlog" 'weeuser .*has joined #lobby' "itself join #lobby"
expect weechat "$WLOG/irc.t.#lobby.weechatlog" 'Channel #lobby: 3 nicks' "the NAMES of #lobby (3 nicks)"
expect irssi "$ILOG/#lobby.log" 'weeuser .*has joined #lobby' "weeuser join"
expect line "$LINE_LOG" '^<< \* weeuser joined$' "weeuser join"

say "irssi over TLS connects to irc+tls, the certificate checked against itself as CA, and joins #lobby"
# named apart from "irssi": `-t irssi` looks for a window of that name first, and a session by its prefix
"${T[@]}" new-session -d -s tlsirc -n tlsirc -x 200 -y 50 "irssi --home=$ITH --config=$ITH/config -n tlsuser"
irssi_tls_keys "/connect -tls -tls_verify -tls_cafile $TLS_DIR/cert.pem 127.0.0.1 $TLS_PORT"
irssi_tls_status=$W/irssi-tls-status.txt
deadline=$(( $(date +%s) + STEP_TIMEOUT ))
until irssi_tls_screen >"$irssi_tls_status" && grep -qE 'MOTD File is missing|End of (/)?MOTD' "$irssi_tls_status"; do
  (( $(date +%s) >= deadline )) && { say "FAIL irssi did not register over TLS"; cat "$irssi_tls_status"; transcript; exit 1; }
  sleep 0.1
done
CHECKS=$((CHECKS + 1)); say "ok   irssi registered over TLS (001-005, LUSERS, 422 on its screen)"
grep -qE 'Welcome to the reactor-chat IRC network, tlsuser' "$irssi_tls_status" \
  || { say "FAIL the TLS irssi's screen has no 001 welcome"; cat "$irssi_tls_status"; exit 1; }
irssi_tls_keys "/join #lobby"
expect irssi-tls "$ITLOG/#lobby.log" 'tlsuser .*has joined #lobby' "itself join #lobby"
expect irssi-tls "$ITLOG/#lobby.log" 'Total of 4 nicks' "the NAMES of #lobby (4 nicks)"
expect irssi "$ILOG/#lobby.log" 'tlsuser .*has joined #lobby' "tlsuser join"
expect weechat "$WLOG/irc.t.#lobby.weechatlog" 'tlsuser .*has joined #lobby' "tlsuser join"
expect line "$LINE_LOG" '^<< \* tlsuser joined$' "tlsuser join"

say "everyone talks in #lobby"
irssi_keys "hello from irssi"
expect weechat "$WLOG/irc.t.#lobby.weechatlog" $'\t''@?irssiuser'$'\t''hello from irssi$' "irssiuser's line"
expect line "$LINE_LOG" '^<< [0-9:]{8} <irssiuser> hello from irssi$' "irssiuser's line"
wee irc.t.#lobby "hello from weechat"
expect irssi "$ILOG/#lobby.log" '<.weeuser> hello from weechat$' "weeuser's line"
expect line "$LINE_LOG" '^<< [0-9:]{8} <weeuser> hello from weechat$' "weeuser's line"
line_send "hello from the line user"
expect irssi "$ILOG/#lobby.log" '<.lina> hello from the line user$' "lina's line"
expect weechat "$WLOG/irc.t.#lobby.weechatlog" $'\t''[@+]?lina'$'\t''hello from the line user$' "lina's line"
# lina's line came after WeeChat's own on the same connection: an echo of it would be in the log by now
wee_own_line $'\t''[@+]?weeuser'$'\t''hello from weechat$'
expect irssi-tls "$ITLOG/#lobby.log" '<.irssiuser> hello from irssi$' "irssiuser's line"
expect irssi-tls "$ITLOG/#lobby.log" '<.weeuser> hello from weechat$' "weeuser's line"
expect irssi-tls "$ITLOG/#lobby.log" '<.lina> hello from the line user$' "lina's line"
irssi_tls_keys "hello over tls"
expect irssi "$ILOG/#lobby.log" '<.tlsuser> hello over tls$' "tlsuser's line"
expect weechat "$WLOG/irc.t.#lobby.weechatlog" $'\t''[@+]?tlsuser'$'\t''hello over tls$' "tlsuser's line"
expect line "$LINE_LOG" '^<< [0-9:]{8} <tlsuser> hello over tls$' "tlsuser's line"
irssi_tls_keys "/msg lina psst lina, tls here"
expect line "$LINE_LOG" '^<< [0-9:]{8} \*tlsuser\* psst lina, tls here$' "tlsuser's private message"
line_send "/msg tlsuser psst tlsuser, lina here"
expect irssi-tls "$ITLOG/lina.log" '<lina> psst tlsuser, lina here$' "lina's private message"

say "private messages, each to each"
irssi_keys "/msg weeuser psst weeuser, irssi here"
expect weechat "$WLOG/irc.t.irssiuser.weechatlog" $'\t''irssiuser'$'\t''psst weeuser, irssi here$' "irssiuser's private message"
irssi_keys "/msg lina psst lina, irssi here"
expect line "$LINE_LOG" '^<< [0-9:]{8} \*irssiuser\* psst lina, irssi here$' "irssiuser's private message"
wee irc.server.t "/msg irssiuser psst irssiuser, weechat here"
expect irssi "$ILOG/weeuser.log" '<weeuser> psst irssiuser, weechat here$' "weeuser's private message"
wee irc.server.t "/msg lina psst lina, weechat here"
expect line "$LINE_LOG" '^<< [0-9:]{8} \*weeuser\* psst lina, weechat here$' "weeuser's private message"
line_send "/msg irssiuser psst irssiuser, lina here"
expect line "$LINE_LOG" '^<< [0-9:]{8} -> \*irssiuser\* psst irssiuser, lina here$' "its delivery note to irssiuser"
expect irssi "$ILOG/lina.log" '<lina> psst irssiuser, lina here$' "lina's private message"
line_send "/msg weeuser psst weeuser, lina here"
expect weechat "$WLOG/irc.t.lina.weechatlog" $'\t''lina'$'\t''psst weeuser, lina here$' "lina's private message"

say "everyone changes nick"
irssi_keys "/nick irssi2"
expect irssi "$ILOG/#lobby.log" 'You.re now known as irssi2' "its own nick change"
expect weechat "$WLOG/irc.t.#lobby.weechatlog" 'irssiuser .*is now known as .*irssi2' "irssiuser become irssi2"
expect line "$LINE_LOG" '^<< \* irssiuser is now known as irssi2$' "irssiuser become irssi2"
wee irc.server.t "/nick wee2"
expect weechat "$WLOG/irc.t.#lobby.weechatlog" 'You are now known as .*wee2' "its own nick change"
expect irssi "$ILOG/#lobby.log" 'weeuser is now known as wee2' "weeuser become wee2"
expect line "$LINE_LOG" '^<< \* weeuser is now known as wee2$' "weeuser become wee2"
line_send "/nick lina2"
expect line "$LINE_LOG" '^<< \* you are now known as lina2$' "its own nick change"
expect irssi "$ILOG/#lobby.log" 'lina is now known as lina2' "lina become lina2"
expect weechat "$WLOG/irc.t.#lobby.weechatlog" 'lina .*is now known as .*lina2' "lina become lina2"
irssi_keys "irssi2 speaking"
expect weechat "$WLOG/irc.t.#lobby.weechatlog" $'\t''@?irssi2'$'\t''irssi2 speaking$' "irssi2's line"
expect line "$LINE_LOG" '^<< [0-9:]{8} <irssi2> irssi2 speaking$' "irssi2's line"
wee irc.t.#lobby "wee2 speaking"
expect irssi "$ILOG/#lobby.log" '<.wee2> wee2 speaking$' "wee2's line"
expect line "$LINE_LOG" '^<< [0-9:]{8} <wee2> wee2 speaking$' "wee2's line"
line_send "lina2 speaking"
expect irssi "$ILOG/#lobby.log" '<.lina2> lina2 speaking$' "lina2's line"
expect weechat "$WLOG/irc.t.#lobby.weechatlog" $'\t''[@+]?lina2'$'\t''lina2 speaking$' "lina2's line"

say "everyone leaves"
irssi_keys "/window goto #lobby"
deadline=$(( $(date +%s) + STEP_TIMEOUT ))
until irssi_screen | tail -1 | grep -qF '[#lobby]'; do
  (( $(date +%s) >= deadline )) && { say "FAIL irssi did not show its #lobby window"; transcript; exit 1; }
  sleep 0.1
done
irssi_screen >"$W/irssi-screen.txt"
irssi_keys "/part #lobby see you later"
expect weechat "$WLOG/irc.t.#lobby.weechatlog" 'irssi2 .*has left #lobby.*see you later' "irssi2 part with its reason"
expect line "$LINE_LOG" '^<< \* irssi2 left \(see you later\)$' "irssi2 leave the room"
irssi_keys "/quit irssi out"
deadline=$(( $(date +%s) + STEP_TIMEOUT ))
while "${T[@]}" has-session -t irssi 2>/dev/null; do
  (( $(date +%s) >= deadline )) && { say "FAIL irssi did not exit after /quit"; transcript; exit 1; }
  sleep 0.1
done
CHECKS=$((CHECKS + 1)); say "ok   irssi exited after /quit"
irssi_tls_keys "/quit tls out"
expect line "$LINE_LOG" '^<< \* tlsuser quit \(Quit: tls out\)$' "tlsuser quit with its reason"
deadline=$(( $(date +%s) + STEP_TIMEOUT ))
while "${T[@]}" has-session -t =tlsirc 2>/dev/null; do
  (( $(date +%s) >= deadline )) && { say "FAIL the TLS irssi did not exit after /quit"; transcript; exit 1; }
  sleep 0.1
done
CHECKS=$((CHECKS + 1)); say "ok   the TLS irssi exited after /quit"

say "history across a restart: WeeChat and the line user talk, the daemon stops and starts again"
wee irc.t.#lobby "wee2 before the restart"
expect line "$LINE_LOG" '^<< [0-9:]{8} <wee2> wee2 before the restart$' "wee2's line"
line_send "lina2 before the restart"
expect weechat "$WLOG/irc.t.#lobby.weechatlog" $'\t''[@+]?lina2'$'\t''lina2 before the restart$' "lina2's line"
wee_own_line $'\t''[@+]?wee2'$'\t''wee2 before the restart$'
wlobby=$(line_count "$WLOG/irc.t.#lobby.weechatlog") wserver=$(line_count "$WLOG/irc.server.t.weechatlog")
kill -TERM "$DAEMON_PID"
expect line "$LINE_LOG" '^<< \* server shutting down$' "the shutdown notice"
expect_since weechat "$WLOG/irc.server.t.weechatlog" "$wserver" 'Server shutting down' "the server's ERROR"
deadline=$(( $(date +%s) + STEP_TIMEOUT ))
while kill -0 "$DAEMON_PID" 2>/dev/null; do
  (( $(date +%s) >= deadline )) && { say "FAIL the daemon did not exit after SIGTERM"; transcript; exit 1; }
  sleep 0.1
done
wait "$DAEMON_PID"; status=$?
[[ $status == 0 ]] || { say "FAIL the daemon exited with status $status after SIGTERM"; transcript; exit 1; }
CHECKS=$((CHECKS + 1)); say "ok   daemon exited 0 after SIGTERM"
wait "$LINE_CAT_PID" 2>/dev/null; LINE_CAT_PID=
exec {LINE_FD}>&-; LINE_FD=
start_daemon "$W/daemon-2.log" || { say "FAIL the daemon did not start again"; transcript; exit 1; }
expect daemon "$W/daemon-2.log" 'history: read [1-9][0-9]* lines back from the journal' "its journal read back"

say "WeeChat reconnects by itself and rejoins #lobby: the lines are played back"
expect_since weechat "$WLOG/irc.server.t.weechatlog" "$wserver" 'Welcome to the reactor-chat IRC network, wee2' "the 001 welcome again, as wee2"
expect_since weechat "$WLOG/irc.server.t.weechatlog" "$wserver" 'client capability, enabled: (echo-message server-time|server-time echo-message)$' "echo-message and server-time enabled again"
expect_since weechat "$WLOG/irc.t.#lobby.weechatlog" "$wlobby" 'wee2 .*has joined #lobby' "itself rejoin #lobby"
# played back as the PRIVMSGs they were, from who said them, with when they were said in the
# server-time tag, which WeeChat asked for: no stamp in the text (WeeChat keeps the nick it had, wee2)
stamp=''
expect_since weechat "$WLOG/irc.t.#lobby.weechatlog" "$wlobby" $'\t''irssiuser'$'\t'"${stamp}hello from irssi$" "irssiuser's first line played back"
expect_since weechat "$WLOG/irc.t.#lobby.weechatlog" "$wlobby" $'\t''weeuser'$'\t'"${stamp}hello from weechat$" "weeuser's first line played back"
expect_since weechat "$WLOG/irc.t.#lobby.weechatlog" "$wlobby" $'\t''lina2'$'\t'"${stamp}lina2 speaking$" "lina2's line played back"
expect_since weechat "$WLOG/irc.t.#lobby.weechatlog" "$wlobby" $'\t''[@+]?wee2'$'\t'"${stamp}wee2 before the restart$" "its own last line played back"
expect_since weechat "$WLOG/irc.t.#lobby.weechatlog" "$wlobby" $'\t''lina2'$'\t'"${stamp}lina2 before the restart$" "lina2's last line played back"
live=$(grep -m1 $'\tirssiuser\thello from irssi$' "$WLOG/irc.t.#lobby.weechatlog")
if [[ $(grep -cxF "$live" "$WLOG/irc.t.#lobby.weechatlog") -ge 2 ]]; then
    CHECKS=$((CHECKS + 1)); say "ok   weechat: the played-back line is filed under the time it was said"
else
    say "FAIL weechat: the played-back line is not filed under the time it was said ($live)"; transcript; exit 1
fi

say "the line user connects again: the lobby's history comes first"
lline=$(line_count "$LINE_LOG")
exec {LINE_FD}<>"/dev/tcp/127.0.0.1/$LINE_PORT" || { say "FAIL cannot connect to the line listener again"; transcript; exit 1; }
( while IFS= read -r l; do printf '<< %s\n' "$l"; done <&"$LINE_FD" >>"$LINE_LOG" ) &
LINE_CAT_PID=$!
expect_since line "$LINE_LOG" "$lline" '^<< \* history of lobby: [0-9]+ lines$' "the history's head"
expect_since line "$LINE_LOG" "$lline" '^<< [0-9:]{8} <irssiuser> hello from irssi$' "irssiuser's first line"
expect_since line "$LINE_LOG" "$lline" '^<< [0-9:]{8} <wee2> wee2 before the restart$' "wee2's last line"
expect_since line "$LINE_LOG" "$lline" '^<< [0-9:]{8} <lina2> lina2 before the restart$' "its own last line"
expect_since line "$LINE_LOG" "$lline" '^<< \* end of history of lobby$' "the history's end"
line_send "/nick lina"
expect_since line "$LINE_LOG" "$lline" '^<< \* you are now known as lina$' "its nick change to lina"
line_send "back after the restart"
expect_since weechat "$WLOG/irc.t.#lobby.weechatlog" "$wlobby" $'\t''[@+]?lina'$'\t''back after the restart$' "lina's line after the restart"
wee irc.t.#lobby "wee2 after the restart"
expect_since line "$LINE_LOG" "$lline" '^<< [0-9:]{8} <wee2> wee2 after the restart$' "wee2's line after the restart"

say "WeeChat and the line user leave"
wee irc.server.t "/quit weechat signing off"   # WeeChat's /quit: QUIT with the reason, then exit
expect line "$LINE_LOG" '^<< \* wee2 quit \(Quit: weechat signing off\)$' "wee2 quit with its reason"
deadline=$(( $(date +%s) + STEP_TIMEOUT ))
while "${T[@]}" has-session -t weechat 2>/dev/null; do
  (( $(date +%s) >= deadline )) && { say "FAIL weechat did not exit after /quit"; transcript; exit 1; }
  sleep 0.1
done
CHECKS=$((CHECKS + 1)); say "ok   weechat exited after /quit"
line_send "/quit done here"
expect line "$LINE_LOG" '^<< \* bye$' "the server's goodbye"
wait "$LINE_CAT_PID" 2>/dev/null; LINE_CAT_PID=
CHECKS=$((CHECKS + 1)); say "ok   line connection closed by the server after /quit"

transcript
echo
say "PASS: $CHECKS checks, irssi + WeeChat + irssi over TLS + a line user on 127.0.0.1 (line :$LINE_PORT, irc :$IRC_PORT, irc+tls :$TLS_PORT)"
exit 0
