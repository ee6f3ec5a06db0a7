#!/usr/bin/env bash
# A join storm: N line clients join one room as fast as the simulator opens them (--ramp 10000),
# against a fresh server on core 0 (serial collector, -Xmx256m), the simulator on core 1.
# Prints the wall time of the whole run (setup and one second held), the server's CPU over it,
# the heap before its largest collection (from its GC log; empty if none ran) and the heap at the
# end, and how many clients joined. Usage: src/test/bench/join-storm.sh JAR N LABEL
set -uo pipefail
jar=$1 n=$2 label=$3
gc=$(mktemp /tmp/storm-gc.XXXXXX)
taskset -c 0 java -XX:+UseSerialGC -XX:ActiveProcessorCount=1 -Xmx256m -Xlog:gc:file="$gc" -jar "$jar" \
    --listen line=127.0.0.1:17000 --max-connections 20000 --log-level warn > /dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$gc"' EXIT
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/17000) 2>/dev/null && break; sleep 0.1; done
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
s0=$(ticks) t0=$(date +%s.%N)
taskset -c 1 java -jar "$jar" simulate --target 127.0.0.1:17000 --dialect line --idle "$n" --ramp 10000 \
    --duration 1 --setup-timeout 300 --json > "/tmp/storm-$n.json" 2> /dev/null
t1=$(date +%s.%N) s1=$(ticks)
peak=$(grep -oE '[0-9]+M->' "$gc" | sed 's/M->//' | sort -n | tail -1)
echo "$label n=$n wall $(echo "$t1 - $t0" | bc | cut -c1-5) s, server CPU $(echo "($s1 - $s0) / $(getconf CLK_TCK)" \
    | bc -l | cut -c1-5) s, heap before the largest collection: ${peak:-(none ran)}${peak:+ MB}"
jq -c '{joined, not_joined, disconnects, exit}' "/tmp/storm-$n.json"
jcmd "$pid" GC.heap_info | grep -E 'def new|tenured' | sed -E 's/ +/ /g; s/ \[.*//'
