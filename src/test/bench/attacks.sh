#!/usr/bin/env bash
# Runs one attack scenario against a fresh daemon under the systemd unit's JVM flags, the daemon
# pinned to core 0 and the simulator to core 1, on loopback; prints the simulator's report, the
# server's CPU over the run and its live heap after every full collection (from its GC log).
# MarkSweepDeadRatio=0 is the one flag beyond the unit's: without it the serial collector leaves up to
# 5% of the old generation as dead objects it does not bother to move, and the log counts them as used.
# Usage: [WARM=1] src/test/bench/attacks.sh [simulate --attack arguments...]
#   e.g. src/test/bench/attacks.sh --attack mix --connections 10000 --duration 30
set -uo pipefail
jar=$(dirname "$0")/../../../target/reactor-chat.jar
gclog=$(mktemp /tmp/attack-gc.XXXXXX)
taskset -c 0 java -XX:+UseSerialGC -XX:ActiveProcessorCount=1 -Xms16m -Xmx64m -Xss512k -XX:MarkSweepDeadRatio=0 -Xlog:gc:file="$gclog" \
    -jar "$jar" --listen line=127.0.0.1:27000 --listen irc=127.0.0.1:27667 --listen frame=127.0.0.1:27001 \
    --listen http=127.0.0.1:27100 --max-connections 20000 --log-level warn > /dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$gclog"' EXIT
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/27100) 2>/dev/null && break; sleep 0.1; done
# WARM=1: a small mix first, so that the attack meets a daemon whose code the JIT has compiled, as
# after it has served for a while, rather than one in the first seconds of its life.
if [ "${WARM:-0}" = 1 ]; then
    taskset -c 1 java -jar "$jar" simulate --attack mix --connections 400 --duration 5 --line 127.0.0.1:27000 \
        --irc 127.0.0.1:27667 --frame 127.0.0.1:27001 --metrics 127.0.0.1:27100 > /dev/null 2>&1
fi
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2> /dev/null; }
before=$(ticks $pid)
taskset -c 1 java -jar "$jar" simulate "$@" --line 127.0.0.1:27000 --irc 127.0.0.1:27667 \
    --frame 127.0.0.1:27001 --metrics 127.0.0.1:27100 2> /dev/null &
sim=$!
# The probe's round trips are timed by the simulator: a second in which it used 90% or more of its
# core measures the simulator as much as the server.
hz=$(getconf CLK_TCK) busy=0 last=0
while kill -0 $sim 2> /dev/null; do
    sleep 1
    now=$(ticks $sim) || break
    [ -n "$now" ] || break
    [ $((now - last)) -ge $((hz * 9 / 10)) ] && [ $last -gt 0 ] && busy=$((busy + 1))
    last=$now
done
wait $sim
echo "simulate exit $?"
echo "simulator seconds at 90% or more of its core: $busy"
kill -0 $pid 2> /dev/null && echo "daemon alive" || echo "daemon DEAD"
echo "server CPU: $(echo "($(ticks $pid) - $before) / $hz" | bc -l | cut -c1-5) s"
echo "live heap after full collections, MB: $(grep 'Pause Full' "$gclog" | sed -E 's/.*->([0-9]+)M.*/\1/' \
    | sort -n | tr '\n' ' ')"
