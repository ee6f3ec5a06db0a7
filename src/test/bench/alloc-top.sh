#!/usr/bin/env bash
# What a JFR recording says was allocated, by class and the first reactorchat frame above it, in
# JFR's estimated bytes; record with -XX:StartFlightRecording=settings=profile,filename=F.jfr.
# Usage: src/test/bench/alloc-top.sh RECORDING.jfr [N]
set -euo pipefail
n=${2:-15}
jfr print --json --events jdk.ObjectAllocationSample "$1" | jq -r '.recording.events[] | .values |
    [.objectClass.name, .weight,
     ([.stackTrace.frames[] | .method.type.name + "." + .method.name | select(startswith("reactorchat"))][0] // "-")]
    | @tsv' |
    awk -F'\t' '{ by[$1 "\t" $3] += $2; total += $2 }
        END { printf "%10.1f MB  everything\n", total / 1e6
              for (k in by) printf "%10.1f MB  %s\n", by[k] / 1e6, k | "sort -rn | head -'"$n"'" }'
