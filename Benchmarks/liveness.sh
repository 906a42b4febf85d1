#!/usr/bin/env bash
# The explicit liveness search on the lock-fairness example: per preset and thread count, the
# verdict of `served`, the lasso's stem and loop (or the states explored) and the wall time,
# as a markdown table. Only the liveness property is checked (`--property served`). The ticket
# lock also runs with 32 tickets (TICKETS), which multiplies its states (about tickets^threads: a
# thread waiting to take keeps its old ticket) and its lasso's loop.
# Usage: Benchmarks/liveness.sh            (THREADS="2 3" and TICKETS="4 32" by default)
set -u
cd "$(dirname "$0")/.."
THREADS=${THREADS:-"2 3"}
TICKETS=${TICKETS:-"4 32"}
swift build -c release --product mmuspec >/dev/null 2>&1 || { echo "release build failed"; exit 2; }
BIN=.build/release/mmuspec
echo "| preset | threads | tickets | verdict | lasso or states | seconds |"
echo "|---|---|---|---|---|---|"
for preset in ticket-unfair ticket-weak blocking-weak blocking-strong; do
    tickets=4
    [[ $preset == ticket-* ]] && tickets=$TICKETS
    for t in $tickets; do
        for n in $THREADS; do
            start=$(date +%s.%N)
            out=$($BIN check lock-fairness --variant "$preset" --set "threads=$n" --set "tickets=$t" --property served)
            rc=$?
            end=$(date +%s.%N)
            line=$(grep -m1 -E "^(VIOLATED|HOLDS|UNKNOWN) \(liveness\)" <<<"$out")
            verdict=${line%% *}
            detail=$(grep -oE "a lasso with .*|explored: [0-9]+ states" <<<"$line")
            printf "| %s | %s | %s | %s (exit %s) | %s | %.2f |\n" "$preset" "$n" "$t" "$verdict" "$rc" "$detail" \
                "$(echo "$end - $start" | bc)"
        done
    done
done
