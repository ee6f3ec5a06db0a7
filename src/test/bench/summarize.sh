#!/usr/bin/env bash
# One markdown row per server, size and rate from docs/bench-results/*.jsonl: medians of the
# kept runs (at most the last 3), and how many contended runs were set aside.
# With the argument "rejected", the same for the set-aside runs (*.jsonl.rejected) instead.
set -euo pipefail
dir=$(dirname "$0")/../../../docs/bench-results
suffix=jsonl
[ "${1:-}" = rejected ] && suffix=jsonl.rejected
for file in "$dir"/*."$suffix"; do
    rejected=${file%.rejected}.rejected
    [ "$suffix" = jsonl ] && [ -f "$rejected" ] || rejected=/dev/null
    jq -s -r --slurpfile rej <(jq -c . "$rejected") --arg name "$(basename "${file%.rejected}" .jsonl)" '
        def median: sort | .[length / 2 | floor];
        group_by(.rate)[] | .[-3:] as $runs | $runs[0].rate as $r
        | ($runs | map(.lost + (.late // 0) + .duplicated + .reordered + .disconnected + (.clients - .joined)) | max) as $bad
        | ($runs | map(.latency_ms.p99) | median) as $p99
        | "| \($name) | \($runs[0].clients) | \($r) | \($runs | map(.deliveries_per_second) | median) | \($p99) | \($runs | map(.latency_ms.p99) | join(", ")) | \($runs | map(.server_cpu_run) | median) | \($runs | map(.simulator_cpu) | median) | \($runs | map(.others_cpu) | median) | \($runs | length) (+\($rej | map(select(.rate == $r)) | length) set aside) | \(if $bad == 0 and $p99 <= 10 then "yes" elif $bad > 0 then "no: \($bad) lost, late or cut" else "no" end) |"' "$file"
done
