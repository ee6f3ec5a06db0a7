#!/usr/bin/env bash
# Holds N idle joined connections against a running server, then prints its heap after a full GC
# and its RSS. Usage: src/test/bench/idle-memory.sh SERVER_PID TARGET DIALECT N
# The server must already run pinned to core 0; the simulator is pinned to core 1.
set -euo pipefail
pid=$1 target=$2 dialect=$3 n=$4
jar=$(dirname "$0")/../../../target/reactor-chat.jar
hold=$(( n / 200 + 40 ))   # long enough for the setup storm plus the measurement below
taskset -c 1 java -jar "$jar" simulate --target "$target" --dialect "$dialect" --idle "$n" --ramp 1000 \
    --duration "$hold" --setup-timeout 300 --json > "/tmp/idle-$n.json" 2> "/tmp/idle-$n.log" &
sim=$!
until grep -q ' hold ' "/tmp/idle-$n.log" 2>/dev/null; do
    kill -0 "$sim" 2>/dev/null || { echo "simulator ended before holding"; cat "/tmp/idle-$n.log"; exit 1; }
    sleep 1
done
sleep 5   # let the join notices drain before measuring
if [ -d "/proc/$pid" ] && jcmd "$pid" VM.version > /dev/null 2>&1; then
    jcmd "$pid" GC.run > /dev/null
    sleep 1
    jcmd "$pid" GC.heap_info | grep -E 'generation|Metaspace'
fi
echo "established: $(ss -tn state established "( dport = :${target##*:} )" | tail -n +2 | wc -l)"
grep VmRSS "/proc/$pid/status"
wait "$sim" || true
jq -c '{joined, not_joined, disconnects, exit}' "/tmp/idle-$n.json"
