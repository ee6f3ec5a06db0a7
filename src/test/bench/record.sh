#!/usr/bin/env bash
# The record beside the peers: µs of server CPU per delivery and deliveries/s of reactor-chat (line and
# irc dialects, and optionally ws and each over TLS) beside ngircd and InspIRCd (optionally over TLS), in one room with 10 senders of 64-byte messages, at 100k, 300k
# and 1M deliveries/s for 1,000 and 5,000 clients. Every server is pinned to core 0, the simulator to
# core 1. Per client count, one fresh process of each server; per load, ROUNDS rounds in which the
# servers take turns (in an order rotated each round). Each run's JSON report goes to OUT with the CPU
# used during the whole run by the server, the simulator and everything else on the machine.
#
#   src/test/bench/record.sh                  the record, then a markdown table of this session's runs
#   src/test/bench/record.sh table [SESSION]  the table again, from OUT (default: its last session)
#   src/test/bench/record.sh memory           memory on a small box: reactor-chat under the systemd unit's
#       JVM flags and config (flood control off, its own ports), at MEM_CLIENTS clients under MEM_LOAD deliveries/s for
#       MEM_DURATION s and at MEM_IDLE idle clients: RSS (sampled 5 s before the end of the load, or 5 s
#       into the idle hold), peak RSS, live heap (jcmd GC.class_histogram), full GCs in its GC log;
#       the peers' RSS in the same states. Appends to docs/bench-results/small-box-memory.jsonl.
#   src/test/bench/record.sh memory-table [SESSION]
#
# How long: the record about 30–60 min on a quiet 2-core box, most of it ngircd's setups (15–108 s per
# 1,000 clients, every run sets up anew); the memory part about 20 min (peers' 10,000-client setups are
# cut at MEM_SETUP_TIMEOUT). Every simulate run is bounded by `timeout`; every server is stopped on exit.
#
# Settings, from the environment (defaults are the full record):
#   CLIENTS="1000 5000"  LOADS="100000 300000 1000000" (deliveries/s; each sender's rate is
#   LOAD / SENDERS / clients: 10, 30, 100 msg/s at 1,000 clients)  SENDERS=10  ROUNDS=3  WARMUP=3
#   DURATION=10  PROBES=50  SETUP_TIMEOUT=120 (s for every client to join)
#   SERVERS="line irc ngircd inspircd"  PORT_BASE=17600 (this and the next 9 ports); SERVERS may also name
#   ws (the line dialect over WebSockets to our web listener), line+tls, irc+tls, ws+tls, ngircd+tls and
#   inspircd+tls: TLS with a fresh self-signed ECDSA P-256 certificate (made with openssl), which the
#   simulator trusts with --tls-ca; each peer then serves its TLS port from the same process as its plain
#   one, and ours serves every dialect from one process. TLS_RAMP=200: connections started per second
#   for a TLS run (the server makes about 200 full handshakes a second on a core of its own; at the plain
#   runs' 1,000 a second, handshakes would queue past the server's handshake timeout; lower it when the
#   machine is busy)
#   PEERS=DIR, needed for ngircd and inspircd: their ngircd.conf and inspircd.conf, listening on
#   127.0.0.1 with flood and connection limits lifted (the port is rewritten here)
#   OUT=docs/bench-results/record.jsonl
#   memory: MEM_CLIENTS=1000 MEM_LOAD=300000 MEM_DURATION=60 MEM_IDLE=10000 MEM_HOLD=30
#   MEM_SETUP_TIMEOUT=300
# A server that has not joined every client within SETUP_TIMEOUT "did not set up"; its remaining runs at
# that client count are skipped and recorded as such. Nothing is installed here: see `need` below.
set -uo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
jar=$root/target/reactor-chat.jar
: "${CLIENTS:=1000 5000}" "${LOADS:=100000 300000 1000000}" "${SENDERS:=10}" "${ROUNDS:=3}" "${WARMUP:=3}"
: "${DURATION:=10}" "${PROBES:=50}" "${SETUP_TIMEOUT:=120}" "${SERVERS:=line irc ngircd inspircd}"
: "${PORT_BASE:=17600}" "${TLS_RAMP:=200}" "${PEERS:=}" "${OUT:=$root/docs/bench-results/record.jsonl}"
: "${MEM_CLIENTS:=1000}" "${MEM_LOAD:=300000}" "${MEM_DURATION:=60}" "${MEM_IDLE:=10000}" "${MEM_HOLD:=30}"
: "${MEM_SETUP_TIMEOUT:=300}" "${MEM_OUT:=$root/docs/bench-results/small-box-memory.jsonl}"
hz=$(getconf CLK_TCK)
work=$(mktemp -d /tmp/record.XXXXXX) && chmod 711 "$work"   # InspIRCd, as nobody, reaches its own dir in it
declare -A started=()            # pid -> 1 for every process started here and not yet stopped
declare -A pid=()                # server -> the pid to measure

alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $s != Z* ]]; }
stop() {                         # stop PID...: TERM, up to 10 s, then KILL
    [ $# -gt 0 ] || return 0
    kill "$@" 2>/dev/null
    for _ in $(seq 50); do
        local any=
        for p in "$@"; do alive "$p" && any=1; done
        [ -z "$any" ] && break
        sleep 0.2
    done
    kill -9 "$@" 2>/dev/null
    wait "$@" 2>/dev/null
    for p in "$@"; do unset "started[$p]"; done
}
trap 'stop_all; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP PIPE   # so that the EXIT trap stops the servers

need() {                         # need TOOL...: names every missing tool and stops
    local missing=()
    for t in "$@"; do command -v "$t" > /dev/null || missing+=("$t"); done
    [ -f "$jar" ] || missing+=("$jar (mvn -B package -DskipTests)")
    for s in $SERVERS; do
        case $s in ngircd*|inspircd*) [ -f "$PEERS/${s%+tls}.conf" ] || missing+=("${PEERS:-PEERS}/$s.conf (set PEERS to the peers' configs)");; esac
    done
    [ ${#missing[@]} -eq 0 ] && return
    echo "record.sh: missing: ${missing[*]}" >&2
    echo "  (Debian packages: ngircd inspircd jq bc; java and jcmd from a JDK 17; taskset, runuser from util-linux)" >&2
    exit 2
}
tools() {
    local t=(java taskset timeout ss jq bc "$@")
    [[ " $SERVERS " == *" ngircd"[\ +]* ]] && t+=(ngircd)
    [[ " $SERVERS " == *" inspircd"[\ +]* ]] && t+=(inspircd runuser)
    tls_wanted && t+=(openssl)
    need "${t[@]}"
}
nofile() {                       # nofile N: raise the open-file limit (inherited by servers and simulator)
    ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    [ "$(ulimit -n)" -ge "$1" ] || { echo "record.sh: ulimit -n is $(ulimit -n), below $1" >&2; exit 2; }
}
port_of() {
    case $1 in line) echo "$PORT_BASE";; irc) echo $((PORT_BASE + 1));; ngircd) echo $((PORT_BASE + 2));;
    inspircd) echo $((PORT_BASE + 3));; line+tls) echo $((PORT_BASE + 4));; irc+tls) echo $((PORT_BASE + 5));;
    ws) echo $((PORT_BASE + 6));; ws+tls) echo $((PORT_BASE + 7));; ngircd+tls) echo $((PORT_BASE + 8));;
    inspircd+tls) echo $((PORT_BASE + 9));; esac
}
dialect_of() { case ${1%+tls} in line) echo line;; ws) echo ws;; *) echo irc;; esac; }
ours() { case ${1%+tls} in line|irc|ws) return 0;; *) return 1;; esac; }
tls_wanted() { [[ " $SERVERS " == *"+tls "* ]]; }
certificate() {                  # the TLS listeners' certificate, made once per run of this script
    [ -f "$work/tls/cert.pem" ] && return
    mkdir -p "$work/tls" && chmod 755 "$work/tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/tls/key.pem" \
        -out "$work/tls/cert.pem" -days 1 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 2> /dev/null
    chmod 644 "$work/tls/key.pem"   # InspIRCd reads it as nobody; a throwaway key in a temporary dir
}
ports_free() {
    for s in $SERVERS; do
        [ -z "$(ss -Hltn "sport = :$(port_of "$s")")" ] || { echo "record.sh: port $(port_of "$s") is taken: set PORT_BASE" >&2; exit 2; }
    done
}
listening() {                    # listening PORT: waits up to 30 s for a listener on PORT
    for _ in $(seq 150); do [ -n "$(ss -Hltn "sport = :$1")" ] && return 0; sleep 0.2; done
    return 1
}

# start SERVER [JVM FLAG...]: a fresh server pinned to core 0; sets pid[SERVER] (line and irc share one
# reactor-chat process). The JVM flags, when given, replace the record's; the memory part passes the unit's.
start() {
    local server=$1 p; shift
    local more=() s              # the listeners beyond line and irc that this run measures
    if ours "$server"; then
        for s in $SERVERS; do
            case $s in ws) more+=(--listen "web=127.0.0.1:$(port_of ws)");;
                ws+tls) more+=(--listen "web+tls=127.0.0.1:$(port_of ws+tls)");;
                line+tls|irc+tls) more+=(--listen "$s=127.0.0.1:$(port_of "$s")");; esac
        done
        # A handshake must be done 10 s after the connect by default; on a busy machine the setup's handshakes
        # can queue longer than that on the server's share of core 0, so the measured runs allow 60 s.
        tls_wanted && certificate && more+=(--tls-cert "$work/tls/cert.pem" --tls-key "$work/tls/key.pem"
            --tls-handshake-timeout 60)
        server=line
    else
        server=${server%+tls}
        tls_wanted && certificate
    fi
    case $server in
    line)
        local jvm=(-XX:+UseSerialGC -Xmx256m) serve=(--flood-rate 0 --max-connections 20000 --log-level warn)
        if [ $# -gt 0 ]; then
            jvm=("$@") serve=(serve --config "$root/src/main/systemd/reactor-chat.properties" --flood-rate 0)
        fi
        taskset -c 0 java "${jvm[@]}" -jar "$jar" "${serve[@]}" \
            --listen "line=127.0.0.1:$(port_of line)" --listen "irc=127.0.0.1:$(port_of irc)" "${more[@]}" > "$work/ours.log" 2>&1 &
        p=$!;;
    ngircd)                      # as root it drops to nobody by itself; -n stays in the foreground
        sed "s/^\(\s*Ports\s*=\s*\).*/\1$(port_of ngircd)/" "$PEERS/ngircd.conf" > "$work/ngircd.conf"
        tls_wanted && printf '[SSL]\n\tCertFile = %s\n\tKeyFile = %s\n\tPorts = %s\n' "$work/tls/cert.pem" \
            "$work/tls/key.pem" "$(port_of ngircd+tls)" >> "$work/ngircd.conf"
        taskset -c 0 ngircd -n -f "$work/ngircd.conf" > "$work/ngircd.log" 2>&1 &
        p=$!;;
    inspircd)                    # refuses root: runs as nobody, with its pid file and log in a dir nobody owns
        local dir=$work/inspircd
        mkdir -p "$dir" && rm -f "$dir/inspircd.pid" && chown nobody "$dir"
        { sed "s/port=\"[0-9]*\"/port=\"$(port_of inspircd)\"/" "$PEERS/inspircd.conf"
          echo "<pid file=\"$dir/inspircd.pid\">"; echo "<path logdir=\"$dir\">"
          if tls_wanted; then
              echo '<module name="ssl_gnutls">'
              echo "<sslprofile name=\"bench\" provider=\"gnutls\" certfile=\"$work/tls/cert.pem\" keyfile=\"$work/tls/key.pem\">"
              echo "<bind address=\"127.0.0.1\" port=\"$(port_of inspircd+tls)\" type=\"clients\" sslprofile=\"bench\">"
          fi; } > "$dir/inspircd.conf"
        taskset -c 0 runuser -u nobody -- inspircd --nofork --config "$dir/inspircd.conf" > "$dir/out.log" 2>&1 &
        runner=$!; started[$runner]=1   # runuser; the server is its child
        listening "$(port_of inspircd)" && for _ in $(seq 50); do
            p=$(cat "$dir/inspircd.pid" 2>/dev/null) && [ -n "$p" ] && break; sleep 0.2
        done;;
    esac
    [ -n "${p:-}" ] && started[$p]=1
    if [ -z "${p:-}" ] || ! listening "$(port_of "$server")"; then
        echo "record.sh: $server did not start; its output:" >&2
        tail -n 5 "$work"/*.log "$work"/inspircd/out.log >&2 2>/dev/null
        exit 1
    fi
    case $server in
    line) for s in line irc line+tls irc+tls ws ws+tls; do pid[$s]=$p; done;;
    *) pid[$server]=$p pid[$server+tls]=$p;;
    esac
}
stop_server() {                  # stop_server NAME: one peer (its TLS port too), with the runuser that started InspIRCd
    stop "${pid[$1]}"; [ "$1" = inspircd ] && stop "$runner"; unset "pid[$1]" "pid[$1+tls]"
}
# the servers first, so that runuser sees InspIRCd end and ends too; then whatever else is left
server_pids() { printf '%s\n' "${pid[@]}" | sort -u; }   # line and irc share one
stop_all() { stop $(server_pids); stop "${!started[@]}"; pid=(); }

cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }   # utime + stime, ticks
busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }             # all cores, ticks
children() { awk '{print $16 + $17}' /proc/$$/stat; }   # this shell's finished children (the simulator)
settle() {                       # settle: wait (at most 120 s) until the servers together use under 5% of
    local s a b p                    # a core, so that no run pays for an earlier one's disconnects
    for s in $(seq 0 119); do
        a=0 b=0
        for p in $(server_pids); do a=$((a + $(cpu_of "$p"))); done
        sleep 1
        for p in $(server_pids); do b=$((b + $(cpu_of "$p"))); done
        [ $((b - a)) -le $((hz / 20)) ] && break
    done
    settled=$((s + 1))
}
machine() {
    jq -nc --argjson nproc "$(nproc)" --arg cpu "$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)" \
        --arg kernel "$(uname -r)" --arg java "$(java -version 2>&1 | head -n 1)" \
        --arg commit "$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src || echo +changes)" \
        --arg ngircd "$(ngircd --version 2>/dev/null | head -n 1 | sed 's/-.*//')" \
        --arg inspircd "$(inspircd --version 2>/dev/null | head -n 1)" \
        '{nproc: $nproc, cpu: $cpu, kernel: $kernel, java: $java, commit: $commit, ngircd: $ngircd, inspircd: $inspircd}'
}
rate_of() { awk -v l="$1" -v s="$SENDERS" -v c="$2" 'BEGIN {printf "%g", l / s / c}'; }   # rate_of LOAD CLIENTS
calc() { echo "$1" | bc -l | awk '{printf "%.4f", $1}'; }   # bc, with the leading 0 JSON needs
json_or_error() {                # json_or_error RC: the simulator's report, or an error object
    jq -ce . "$work/run.json" 2> /dev/null ||
        jq -nc --argjson rc "$1" --arg err "$(tail -n 2 "$work/run.err")" '{exit: $rc, error: (if $rc == 124 then "timed out" else $err end)}'
}

# run SERVER CLIENTS LOAD ROUND: one simulate run; appends its line to OUT and sets `status`
run() {
    local server=$1 clients=$2 load=$3 round=$4 p=${pid[$1]} rate rc tls=()
    rate=$(rate_of "$load" "$clients")
    [[ $server == *+tls ]] && tls=(--tls-ca "$work/tls/cert.pem" --ramp "$TLS_RAMP")
    settle
    local cmd=(taskset -c 1 java -jar "$jar" simulate --target "127.0.0.1:$(port_of "$server")"
        --dialect "$(dialect_of "$server")" --clients "$clients" --senders "$SENDERS" --rate "$rate" --size 64
        --warmup "$WARMUP" --duration "$DURATION" --probes "$PROBES" --server-pid "$p" --setup-timeout "$SETUP_TIMEOUT"
        "${tls[@]}" --json)
    echo "+ [$server, round $round] ${cmd[*]}" >&2
    local b0 s0 c0 t0 b1 s1 c1 t1 load0
    load0=$(cut -d' ' -f1-3 /proc/loadavg)
    b0=$(busy) s0=$(cpu_of "$p") c0=$(children) t0=$(date +%s.%N)
    # in the background so that a signal to this script is handled at once; `wait` reaps it, so its CPU
    # is in this shell's children's time
    timeout -k 10 $((SETUP_TIMEOUT + WARMUP + DURATION + 60)) "${cmd[@]}" > "$work/run.json" 2> "$work/run.err" &
    local sim=$!; started[$sim]=1
    wait "$sim"; rc=$?; unset "started[$sim]"
    b1=$(busy) s1=$(cpu_of "$p") c1=$(children) t1=$(date +%s.%N)
    share() { calc "($2 - $1) / $hz / ($t1 - $t0)"; }
    local line
    line=$(json_or_error "$rc" | jq -c --arg server "$server" --argjson load "$load" --argjson round "$round" \
        --arg session "$session" --argjson machine "$machine" --argjson clients "$clients" --argjson rc "$rc" \
        --argjson setup "$(awk '$3 == "setup" {s = $2 + 0} END {print s + 0}' "$work/run.err")" \
        --argjson wall "$(calc "$t1 - $t0")" --argjson b "$(share "$b0" "$b1")" \
        --argjson s "$(share "$s0" "$s1")" --argjson c "$(share "$c0" "$c1")" \
        --argjson senders "$SENDERS" --argjson rate "$rate" --argjson timeout "$SETUP_TIMEOUT" --argjson settled "$settled" \
        --arg load0 "$load0" --arg load1 "$(cut -d' ' -f1-3 /proc/loadavg)" '
        def r2: . * 100 | round / 100 | if . == 0 then 0 else . end;
        . + {senders_asked: $senders, rate: $rate, setup_timeout: $timeout, server: $server, clients: $clients, load: $load, round: $round, session: $session, simulate_exit: $rc,
             status: (if .error then "error" elif .joined < .clients then "did not set up" else "ok" end),
             settle_seconds: $settled, setup_seconds: $setup, wall_seconds: ($wall | r2), server_cpu_run: ($s | r2),
             simulator_cpu_run: ($c | r2), others_cpu: (($b - $s - $c) | r2),
             loadavg_before: $load0, loadavg_after: $load1, machine: $machine}')
    echo "$line" >> "$OUT"
    status=$(jq -r .status <<< "$line")
    jq -r '"  \(.status)  setup \(.setup_seconds) s  deliveries/s \(.deliveries_per_second)  server cpu \(.server_cpu)  µs/delivery \(.server_cpu_us_per_delivery)  sim cpu \(.simulator_cpu)  lost \(.lost)  late \(.late)  others \(.others_cpu)\(if .error then "  " + .error else "" end)"' <<< "$line" >&2
}

record() {
    tools
    local most=0; for c in $CLIENTS; do [ "$c" -gt "$most" ] && most=$c; done
    nofile $((most + 1000))
    ports_free
    mkdir -p "$(dirname "$OUT")"
    session=$(date -u +%Y-%m-%dT%H:%M:%SZ) machine=$(machine)
    local list=($SERVERS) clients load round server
    for clients in $CLIENTS; do
        for server in "${list[@]}"; do [ -n "${pid[$server]:-}" ] || start "$server"; done
        declare -A failed=()
        for load in $LOADS; do
            for round in $(seq "$ROUNDS"); do
                local k=$(( (round - 1) % ${#list[@]} ))
                for server in "${list[@]:k}" "${list[@]:0:k}"; do
                    if [ -n "${failed[$server]:-}" ]; then
                        jq -nc --arg server "$server" --argjson clients "$clients" --argjson load "$load" \
                            --argjson round "$round" --arg session "$session" --arg why "${failed[$server]}" \
                            --argjson senders "$SENDERS" --argjson rate "$(rate_of "$load" "$clients")" \
                            '{server: $server, clients: $clients, load: $load, round: $round, session: $session,
                              senders_asked: $senders, rate: $rate, status: "skipped", error: $why}' >> "$OUT"
                        continue
                    fi
                    run "$server" "$clients" "$load" "$round"
                    [ "$status" = "did not set up" ] || continue
                    failed[$server]="did not set up at $load deliveries/s, round $round"
                    # a peer still working through the join storm would take core 0 from the others' runs;
                    # its plain and TLS ports are one process, so both go
                    case $server in ngircd*|inspircd*)
                        local base=${server%+tls} other
                        for other in "$base" "$base+tls"; do
                            [ -n "${failed[$other]:-}" ] || failed[$other]="stopped: $server did not set up at $load deliveries/s, round $round"
                        done
                        stop_server "$base";;
                    esac
                done
            done
        done
        stop_all
    done
    table "$session"
}

table() {                        # table [SESSION]: a markdown row per load, client count and server
    local session=${1:-$(tail -n 1 "$OUT" | jq -r .session)}
    jq -s -r --arg s "$session" '
        def med: sort | .[length / 2 | floor];           # the upper one of two, as summarize.sh
        def spread: if min == max then "\(min)" else "\(med) (\(min)–\(max))" end;
        def name: {line: "reactor-chat line", irc: "reactor-chat irc", ngircd: "ngircd", inspircd: "InspIRCd"}[.]
            // ({"line+tls": "reactor-chat line+tls", "irc+tls": "reactor-chat irc+tls", ws: "reactor-chat ws",
                 "ws+tls": "reactor-chat ws+tls", "ngircd+tls": "ngircd+tls", "inspircd+tls": "InspIRCd+tls"}[.]) // .;
        def order: . as $x | ["line", "line+tls", "irc", "irc+tls", "ws", "ws+tls", "ngircd", "ngircd+tls", "inspircd", "inspircd+tls"] | index($x) // 99;
        map(select(.session == $s)) as $runs
        | ($runs | map(.machine // empty) | .[0]) as $m
        | "Session \($s); \($m.nproc) cores, \($m.cpu), Linux \($m.kernel); \($m.java); \($m.ngircd), \($m.inspircd); reactor-chat at \($m.commit).",
          "Server on core 0, simulator on core 1; medians of the runs, (min–max) over them. CPU shares are of one core: server and simulator over the measured window, others over the whole run.",
          "",
          "| load | clients | server | deliveries/s | server CPU | µs of server CPU per delivery | simulator CPU | p50 / p99 ms | lost / late | others CPU | load average (1 min) before the runs | runs |",
          "|---|---|---|---|---|---|---|---|---|---|---|---|",
          ($runs | group_by([.load, .clients, (.server | order)])[]
           | . as $g | $g[0] as $f | map(select(.status == "ok")) as $ok
           | ($g | map(select(.status != "ok")) | map(if .status == "did not set up" then "did not set up: joined \(.joined) of \(.clients) within \(.setup_timeout) s" else "\(.status): \(.error)" end) | unique | join("; ")) as $bad
           | "| \($f.load / 1000)k/s (\($f.senders_asked) × \($f.rate * 100 | round / 100) msg/s) | \($f.clients) | \($f.server | name) | "
             + (if ($ok | length) == 0 then "\($bad) | | | | | | | | \($g | length) |"
                else "\($ok | map(.deliveries_per_second) | med) | \($ok | map(.server_cpu) | spread) | \($ok | map(.server_cpu_us_per_delivery) | spread) | \($ok | map(.simulator_cpu) | spread) | \($ok | map(.latency_ms.p50) | med) / \($ok | map(.latency_ms.p99) | med) | \($ok | map(.lost) | max) / \($ok | map(.late) | max) | \($ok | map(.others_cpu) | spread) | \($ok | map(.loadavg_before // "" | split(" ")[0]) | join(", ")) | \($ok | length)\(if $bad == "" then "" else " (+\(($g | length) - ($ok | length)): \($bad))" end) |" end))' "$OUT"
}

# mem_run SERVER STATE: a fresh server, one simulate run, its memory sampled; appends a line to MEM_OUT
mem_run() {
    local server=$1 state=$2 unit gc=$work/gc-$1-$2.log
    unit=($(grep -o -- '-X[^ ]*' "$root/src/main/systemd/reactor-chat.service"))
    # -XX:MarkSweepDeadRatio=0: the serial collector otherwise keeps up to 5% of old dead objects in place
    start "$server" "${unit[@]}" -XX:MarkSweepDeadRatio=0 "-Xlog:gc:file=$gc"
    local p=${pid[$server]} sim args phase at
    if [ "$state" = busy ]; then
        args=(--clients "$MEM_CLIENTS" --senders "$SENDERS" --rate "$(rate_of "$MEM_LOAD" "$MEM_CLIENTS")" --size 64
              --warmup "$WARMUP" --duration "$MEM_DURATION" --probes "$PROBES" --setup-timeout "$SETUP_TIMEOUT")
        phase=measure at=$((MEM_DURATION - 5))
    else
        args=(--idle "$MEM_IDLE" --ramp 1000 --duration "$MEM_HOLD" --setup-timeout "$MEM_SETUP_TIMEOUT")
        phase=hold at=5          # after the join notices have drained
    fi
    echo "+ [$server, $state] simulate ${args[*]}" >&2
    timeout -k 10 $((MEM_SETUP_TIMEOUT + WARMUP + MEM_DURATION + MEM_HOLD + 60)) taskset -c 1 java -jar "$jar" simulate \
        --target "127.0.0.1:$(port_of "$server")" --dialect "$(dialect_of "$server")" --server-pid "$p" --json "${args[@]}" \
        > "$work/run.json" 2> "$work/run.err" &
    sim=$!; started[$sim]=1
    local rss=null hwm=null heap=null
    while alive "$sim"; do
        sleep 1
        [ "$rss" = null ] || continue
        local into   # seconds into the phase
        into=$(awk -v ph="$phase" '$3 == ph {if (!m) m = $2 + 0; s = $2 + 0} END {print m ? s - m : -1}' "$work/run.err")
        if [ "$into" -ge "$at" ]; then
            rss=$(awk '/^VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null) hwm=$(awk '/^VmHWM/{print $2}' "/proc/$p/status" 2>/dev/null)
            rss=${rss:-null} hwm=${hwm:-null}
            case $server in line|irc) heap=$(taskset -c 1 jcmd "$p" GC.class_histogram | awk '/^Total/{print $3}');; esac
        fi
    done
    wait "$sim"; local rc=$?; unset "started[$sim]"
    local full=null causes='[]'
    if [ -f "$gc" ]; then       # a full GC not of our own histogram's making
        full=$(grep 'Pause Full' "$gc" | grep -vc 'Heap Inspection')
        causes=$(grep 'Pause Full' "$gc" | grep -v 'Heap Inspection' | grep -o 'Pause Full ([^)]*)' | sort | uniq -c | sed 's/^ *//' | jq -Rsc 'split("\n") | map(select(. != ""))')
    fi
    json_or_error "$rc" | jq -c --arg server "$server" --arg state "$state" --arg session "$session" \
        --argjson machine "$machine" --argjson rss "$rss" --argjson hwm "$hwm" --argjson heap "${heap:-null}" \
        --argjson full "$full" --argjson causes "$causes" --argjson load "$MEM_LOAD" --argjson wanted "$( [ "$state" = busy ] && echo "$MEM_CLIENTS" || echo "$MEM_IDLE")" \
        --arg jvm "$(case $server in line|irc) tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null;; esac)" '
        {server: $server, state: $state, session: $session, wanted: $wanted, load: $load, joined, deliveries_per_second, lost, late,
         latency_ms, server_cpu, simulator_cpu, exit, error,
         status: (if .error then "error" elif (.joined // 0) < $wanted then "did not set up" else "ok" end),
         rss_kb: $rss, peak_rss_kb: $hwm, live_heap_bytes: $heap, full_gcs: $full, full_gc_causes: $causes,
         command: $jvm, machine: $machine}' >> "$MEM_OUT"
    stop_all
}

memory() {
    tools jcmd
    nofile $((MEM_IDLE + 1000))
    ports_free
    mkdir -p "$(dirname "$MEM_OUT")"
    session=$(date -u +%Y-%m-%dT%H:%M:%SZ) machine=$(machine)
    for server in $SERVERS; do
        for state in busy idle; do mem_run "$server" "$state"; done
    done
    memory_table "$session"
}

memory_table() {                 # memory_table [SESSION]
    local session=${1:-$(tail -n 1 "$MEM_OUT" | jq -r .session)}
    jq -s -r --arg s "$session" '
        def mb: if . == null then "" else . / 1024 | . * 10 | round / 10 | tostring + " MB" end;
        def name: {line: "reactor-chat line", irc: "reactor-chat irc", ngircd: "ngircd", inspircd: "InspIRCd"}[.] // .;
        map(select(.session == $s)) as $runs | $runs[0].machine as $m
        | "Session \($s); \($m.nproc) cores, \($m.cpu), Linux \($m.kernel); reactor-chat at \($m.commit).",
          "reactor-chat: `\($runs | map(.command | select(. != "")) | .[0] // "" | sub(" -Xlog:gc:file=[^ ]*"; "") | sub(" *$"; ""))`, -Xlog:gc to a file (full GCs other than the one `jcmd GC.class_histogram` makes for the live heap are counted).",
          "",
          "| state | server | joined | RSS near the end | peak RSS | live heap | full GCs | deliveries/s, lost / late |",
          "|---|---|---|---|---|---|---|---|",
          ($runs[] | "| \(if .state == "busy" then "\(.wanted) clients, \(.load / 1000)k deliveries/s" else "\(.wanted) idle" end) | \(.server | name) | \(.joined)\(if .status != "ok" then " (\(.status)\(if .error then ": " + .error else "" end))" else "" end) | \(.rss_kb | mb) | \(.peak_rss_kb | mb) | \(if .live_heap_bytes then (.live_heap_bytes / 1024 | mb) else "" end) | \(if .full_gcs == null then "" else ([.full_gcs] + .full_gc_causes | join(": ")) end) | \(if .state == "busy" then "\(.deliveries_per_second), \(.lost) / \(.late)" else "" end) |")' "$MEM_OUT"
}

case ${1:-record} in
record) record;;
table) table "${2:-}";;
memory) memory;;
memory-table) memory_table "${2:-}";;
*) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2;;
esac
