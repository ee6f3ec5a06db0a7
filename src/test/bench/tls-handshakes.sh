#!/usr/bin/env bash
# Full TLS handshakes a second on one core: runs the jar on a line+tls listener with a fresh
# self-signed ECDSA P-256 or RSA-2048 certificate, has openssl s_time make new connections (a full
# handshake each, TLS 1.3 unless TLS=-tls1_2) for WARMUP seconds (5), then for SECONDS (3) more,
# and divides the number of the latter by the CPU
# time the server used meanwhile (/proc/PID/stat). Each connection is also welcomed into the
# lobby and quits, as a real one would. The server is stopped at the end.
# Usage: src/test/bench/tls-handshakes.sh ec|rsa [SECONDS]   (from the repository, after mvn package)
set -euo pipefail
kind=$1 seconds=${2:-3}
jar=$(dirname "$0")/../../../target/reactor-chat.jar
dir=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
case $kind in
    ec) key=(-newkey ec -pkeyopt ec_paramgen_curve:P-256) ;;
    rsa) key=(-newkey rsa:2048) ;;
    *) echo "usage: $0 ec|rsa [SECONDS]" >&2; exit 2 ;;
esac
openssl req -x509 "${key[@]}" -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" -days 1 -subj /CN=localhost 2>/dev/null
java -XX:+UseSerialGC -XX:ActiveProcessorCount=1 -Xmx64m -jar "$jar" --listen line+tls=127.0.0.1:0 \
    --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" --max-connections 0 > "$dir/log" 2>&1 &
server=$!
until grep -q 'listening: ' "$dir/log"; do sleep 0.1; done
port=$(grep -o 'line+tls 127.0.0.1:[0-9]*' "$dir/log" | cut -d: -f2)
openssl s_time -connect "127.0.0.1:$port" -new -time "${WARMUP:-5}" ${TLS:-} > /dev/null   # warm-up: the JIT, the caches
ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
before=$(ticks)
made=$(openssl s_time -connect "127.0.0.1:$port" -new -time "$seconds" ${TLS:-} | grep -oE '^[0-9]+ connections in' | cut -d' ' -f1)
after=$(ticks)
hz=$(getconf CLK_TCK)
awk -v n="$made" -v t=$((after - before)) -v hz="$hz" -v kind="$kind" 'BEGIN {
    cpu = t / hz
    printf "%s: %d handshakes, server CPU %.2f s: %.0f handshakes per CPU-second, %.2f ms each\n", kind, n, cpu, n / cpu, cpu * 1000 / n
}'
