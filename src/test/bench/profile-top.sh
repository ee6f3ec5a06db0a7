#!/usr/bin/env bash
# Top frames of a JFR recording's samples: the method on top of the stack, and the first
# reactorchat method below it, each with its share of the samples. EVENT is jdk.ExecutionSample
# (threads running Java) or jdk.NativeMethodSample (threads in native code, e.g. a socket write).
# Usage: src/test/bench/profile-top.sh RECORDING.jfr [EVENT] [N]
set -euo pipefail
event=${2:-jdk.ExecutionSample}
n=${3:-15}
jfr print --events "$event" "$1" | awk -v n="$n" '
    /stackTrace = \[/ { depth = 0; ours = ""; next }
    /^[[:space:]]+[a-zA-Z_$][a-zA-Z0-9_$.]*\(.*line:/ {
        frame = $1; sub(/\(.*/, "", frame)
        if (depth == 0) { top[frame]++; total++ }
        if (ours == "" && frame ~ /^reactorchat\./) { ours = frame; mine[frame]++ }
        depth++
    }
    END {
        print "samples: " total
        print "-- top of stack"
        for (f in top) printf "%6.1f%%  %s\n", 100 * top[f] / total, f | "sort -rn | head -" n
        close("sort -rn | head -" n)
        print "-- first reactorchat frame"
        for (f in mine) printf "%6.1f%%  %s\n", 100 * mine[f] / total, f | "sort -rn | head -" n
    }'
