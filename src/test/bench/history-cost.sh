#!/usr/bin/env bash
# Server CPU per delivery with room history on (the default: kept in memory, journaled with
# fsync every second) and off, in alternating runs, and what the journal wrote meanwhile.
# Usage: src/test/bench/history-cost.sh [RATE] [ROUNDS]   (RATE msg/s per sender, 10 senders,
# 1,000 clients: 30 gives 300,000 deliveries/s). Server on core 0, simulator on core 1; after
# `mvn package`. Needs curl and jq. Prints one JSON-ish line per run.
set -u
rate=${1:-30} rounds=${2:-3}
jar=$(dirname "$0")/../../../target/reactor-chat.jar
port=17811
journal() {
    curl -s "127.0.0.1:$1/metrics" | grep -E '^reactorchat_history_journal_(bytes|fsyncs)_total' | awk '{print $2}' | paste -sd' '
}
for r in $(seq 1 "$rounds"); do
    for mode in on off; do
        port=$((port + 2))
        data=$(mktemp -d /tmp/history-cost.XXXX)
        extra=()
        [ "$mode" = off ] && extra=(--history-lines 0 --history-max-bytes 0)
        taskset -c 0 java -XX:+UseSerialGC -Xmx256m -jar "$jar" --listen "line=127.0.0.1:$port" \
            --listen "http=127.0.0.1:$((port + 1))" --flood-rate 0 --log-level warn --data-dir "$data" \
            "${extra[@]}" > /dev/null 2>&1 &
        server=$!
        for _ in $(seq 50); do (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break; sleep 0.1; done
        out=$(timeout 60 taskset -c 1 java -jar "$jar" simulate --target "127.0.0.1:$port" --clients 1000 \
            --senders 10 --rate "$rate" --duration 10 --warmup 3 --probes 50 --json 2> /dev/null | tail -1)
        written=$(journal $((port + 1)))
        kill "$server"; wait "$server" 2> /dev/null; rm -rf "$data"
        echo "history $mode, round $r: $(echo "$out" | jq -c '{deliveries_per_second, server_cpu,
            server_cpu_us_per_delivery, simulator_cpu, lost, late}') journal bytes, fsyncs: [${written}]"
    done
done
