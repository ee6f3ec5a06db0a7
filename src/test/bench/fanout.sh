#!/usr/bin/env bash
# The fanout curve against a running server: for each rate (messages/s per sender, ascending),
# three runs of 10 senders in one room of CLIENTS; prints the median of the three per rate and
# whether it passed (zero loss, p99 <= 10 ms).
# Usage: src/test/bench/fanout.sh LABEL SERVER_PID TARGET DIALECT CLIENTS RATE...
# Every run's JSON report is appended to docs/bench-results/LABEL-CLIENTS.jsonl, with the CPU used
# during it by the server, the simulator and everything else on the machine. The machine is
# shared: a run during which other processes used more than 0.25 of a core is discarded and
# repeated (at most 4 runs per rate), and the discarded ones are kept in .rejected.
set -uo pipefail
label=$1 server=$2 target=$3 dialect=$4 clients=$5
shift 5
here=$(dirname "$0")
jar=$here/../../../target/reactor-chat.jar
out=$here/../../../docs/bench-results/$label-$clients.jsonl
mkdir -p "$(dirname "$out")"
hz=$(getconf CLK_TCK)
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }          # all cores, in ticks
cpu_of() { awk '{print $14+$15}' "/proc/$1/stat"; }                  # one process, in ticks
# CPU of finished children, in ticks; `times` must run in this shell, not a $(...) subshell.
children() { tail -n 1 "$1" | tr 'ms' '  ' | awk '{print ($1*60+$2+$3*60+$4)*'"$hz"'}'; }
for rate in "$@"; do
    kept=0 tries=0
    while [ "$kept" -lt 3 ] && [ "$tries" -lt 4 ]; do
        tries=$((tries + 1))
        cmd=(taskset -c 1 java -jar "$jar" simulate --target "$target" --dialect "$dialect" --clients "$clients"
             --senders 10 --rate "$rate" --size 64 --warmup 3 --duration 5 --setup-timeout 60 --json)
        echo "+ ${cmd[*]}" >&2
        times > /tmp/fanout-times0
        b0=$(busy) s0=$(cpu_of "$server") c0=$(children /tmp/fanout-times0) t0=$(date +%s.%N)
        "${cmd[@]}" > /tmp/fanout-run.json 2> /tmp/fanout-status.log
        times > /tmp/fanout-times1
        b1=$(busy) s1=$(cpu_of "$server") c1=$(children /tmp/fanout-times1) t1=$(date +%s.%N)
        share() { echo "($2 - $1) / $hz / ($t1 - $t0)" | bc -l; }
        # Whole-run shares (setup included) of the machine, the server, and the simulator process.
        line=$(jq -c --argjson b "$(share "$b0" "$b1")" --argjson s "$(share "$s0" "$s1")" \
                     --argjson c "$(share "$c0" "$c1")" \
            '. + {machine_cores_busy: ($b * 100 | round / 100), server_cpu_run: ($s * 100 | round / 100),
                  simulator_cpu_run: ($c * 100 | round / 100), others_cpu: (($b - $s - $c) * 100 | round / 100)}' \
            /tmp/fanout-run.json)
        if jq -e '.others_cpu <= 0.25' <<< "$line" > /dev/null; then
            echo "$line" >> "$out"; kept=$((kept + 1))
        else
            echo "$line" >> "$out.rejected"
        fi
    done
    for file in "$out" "$out.rejected"; do
        [ -f "$file" ] || continue
        jq -s -r --argjson r "$rate" --arg file "${file##*.}" '
            map(select(.rate == $r)) | .[-3:] as $runs | select($runs | length > 0)
            | ($runs | map(.deliveries_per_second) | sort | .[length / 2 | floor]) as $dps
            | ($runs | map(.latency_ms.p99) | sort | .[length / 2 | floor]) as $p99
            | ($runs | map(.lost + (.late // 0) + .duplicated + .reordered + .disconnected + (.clients - .joined)) | max) as $bad
            | "\($file): rate \($r)  median deliveries/s \($dps)  median p99 \($p99) ms  runs \($runs | length)  p99s \($runs | map(.latency_ms.p99))  server cpu \($runs | map(.server_cpu_run))  sim cpu \($runs | map(.simulator_cpu))  others \($runs | map(.others_cpu))  problems \($bad)  \(if $bad == 0 and $p99 <= 10 then "PASS" else "fail" end)"' "$file"
    done
done
