#!/usr/bin/env bash
# Live heap per idle TLS connection: runs the jar on a line+tls listener (a fresh self-signed
# ECDSA P-256 certificate, the small-box JVM flags of FootprintIT), opens one connection (classes
# and the loop's TLS buffers go in the baseline), takes the live heap (jcmd GC.class_histogram,
# after a full GC), opens N more and takes it again. MODE: resumed (one client context, so that
# all but the first resume a session) or full (a context each: every one a full handshake). The
# two histograms are kept in OUT (default /tmp/tls-idle) to compare class by class. Everything it
# started is stopped at the end. N over about 10,000 needs a higher ulimit -n than the default.
# Usage: src/test/bench/tls-idle-memory.sh N resumed|full [JVM FLAGS...]   (after mvn package)
set -euo pipefail
n=$1 mode=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
jar=$here/../../../target/reactor-chat.jar
out=${OUT:-/tmp/tls-idle}
mkdir -p "$out"
dir=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" \
    -days 1 -subj /CN=localhost 2>/dev/null
java "$@" -XX:+UseSerialGC -XX:ActiveProcessorCount=1 -Xmx256m -XX:MarkSweepDeadRatio=0 -jar "$jar" \
    --listen line+tls=127.0.0.1:0 --max-connections 0 --quiet-joins-above 1 \
    --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" > "$dir/log" 2>&1 &
server=$!
pids+=("$server")
until grep -q 'listening: ' "$dir/log"; do sleep 0.1; done
port=$(grep -o 'line+tls 127.0.0.1:[0-9]*' "$dir/log" | cut -d: -f2)
hold() {  # hold COUNT NAME: COUNT clients, held until the script ends
    mkfifo "$dir/$2.in"
    java -Xss256k "$here/TlsIdleClients.java" "$port" "$1" "$mode" "$dir/cert.pem" < "$dir/$2.in" > "$dir/$2.out" 2>&1 &
    pids+=("$!")
    exec {fd}> "$dir/$2.in"   # their input stays open while we hold this end
    until grep -q -e '^held' -e Exception "$dir/$2.out"; do sleep 0.2; done
    grep -q '^held' "$dir/$2.out" || { cat "$dir/$2.out"; exit 1; }
}
live() { jcmd "$server" GC.class_histogram > "$out/$1.txt"; tail -1 "$out/$1.txt" | awk '{print $3}'; }
hold 1 first
before=$(live before)
hold "$n" all
after=$(live after)
rss=$(grep VmRSS "/proc/$server/status" | awk '{print $2}')
echo "$n idle TLS connections ($mode): live heap $before -> $after B, $(( (after - before) / n )) B each, RSS $rss kB"
