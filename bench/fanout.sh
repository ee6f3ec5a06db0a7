#!/usr/bin/env bash
# Raises the send rate step by step against a running server until p99 > 10 ms or anything is
# lost, then runs the best passing step twice more and prints the median of the three.
# Usage: bench/fanout.sh LABEL TARGET DIALECT CLIENTS RATE...   (rates per sender, ascending)
# Each run's JSON is appended to docs/bench-results/LABEL-CLIENTS.jsonl.
set -uo pipefail
label=$1 target=$2 dialect=$3 clients=$4
shift 4
here=$(dirname "$0")
jar=$here/../target/reactor-chat.jar
out=$here/../docs/bench-results/$label-$clients.jsonl
mkdir -p "$(dirname "$out")"
run() {
    local cmd=(taskset -c 1 java -jar "$jar" simulate --target "$target" --dialect "$dialect"
               --clients "$clients" --senders 10 --rate "$1" --size 64 --warmup 3 --duration 5
               --setup-timeout 120 --json)
    echo "+ ${cmd[*]}" >&2
    "${cmd[@]}" 2> /tmp/fanout-status.log | tee -a "$out" \
        | jq -r '"rate \(.rate)  deliveries/s \(.deliveries_per_second)  p99 \(.latency_ms.p99) ms  max \(.latency_ms.max) ms  lost \(.lost)  exit \(.exit)  joined \(.joined)  sim cpu \(.simulator_cpu)"'
}
passes() {
    tail -n 1 "$out" | jq -e '.exit == 0 and .latency_ms.p99 <= 10' > /dev/null
}
best=""
for rate in "$@"; do
    run "$rate"
    if passes; then best=$rate; else break; fi
done
if [ -z "$best" ]; then
    echo "no step passed"; exit 0
fi
run "$best"; run "$best"
jq -s -r --arg r "$best" \
    'map(select(.rate == ($r | tonumber))) | .[-3:] | sort_by(.deliveries_per_second) | .[1]
     | "MEDIAN of 3 at rate \($r): deliveries/s \(.deliveries_per_second)  p99 \(.latency_ms.p99) ms"' "$out"
