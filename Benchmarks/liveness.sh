#!/usr/bin/env bash
# The explicit liveness search on the lock-fairness example: per preset and thread count, the
# verdict of `served`, the lasso's stem and loop (or the states explored) and the wall time,
# as a markdown table. Only the liveness property is checked (`--property served`).
# Usage: Benchmarks/liveness.sh            (THREADS="2 3" by default)
set -u
cd "$(dirname "$0")/.."
THREADS=${THREADS:-"2 3"}
swift build -c release --product mmuspec >/dev/null 2>&1 || { echo "release build failed"; exit 2; }
BIN=.build/release/mmuspec
echo "| preset | threads | verdict | lasso or states | seconds |"
echo "|---|---|---|---|---|"
for preset in ticket-unfair ticket-weak blocking-weak blocking-strong; do
    for n in $THREADS; do
        start=$(date +%s.%N)
        out=$($BIN check lock-fairness --variant "$preset" --set "threads=$n" --property served)
        rc=$?
        end=$(date +%s.%N)
        line=$(grep -m1 -E "^(VIOLATED|HOLDS|UNKNOWN) \(liveness\)" <<<"$out")
        verdict=${line%% *}
        detail=$(sed -E 's/.*: (a lasso with .*|every reachable state was explored: [0-9]+ states).*/\1/' <<<"$line")
        printf "| %s | %s | %s (exit %s) | %s | %.2f |\n" "$preset" "$n" "$verdict" "$rc" "$detail" "$(echo "$end - $start" | bc)"
    done
done
