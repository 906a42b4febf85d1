#!/usr/bin/env bash
# Every preset of every model with each proof engine: verdict and wall time, as a markdown
# table. Each run gets --timeout (TIMEOUT seconds, default 60); "unknown" is exit 3.
# Usage: Benchmarks/prove_verdicts.sh
set -u
cd "$(dirname "$0")/.."
TIMEOUT=${TIMEOUT:-60}
swift build -c release --product mmuspec >/dev/null 2>&1 || { echo "release build failed"; exit 2; }
BIN=.build/release/mmuspec
echo "| model | preset | expected | invisible | spacer | kinduction |"
echo "|---|---|---|---|---|---|"
# `mmuspec list` prints "MODEL: summary", then each preset as "    NAME [holds|violated]: ...".
"$BIN" list | awk '/^[a-z]/ {sub(":", "", $1); model=$1}
    /^    [a-z-]+ \[(holds|violated)\]:/ {e=$2; gsub(/[\[\]:]/, "", e); print model, $1, e}' |
while read -r model preset expected; do
    row="| $model | $preset | $expected |"
    for engine in invisible spacer kinduction; do
        start=$(date +%s.%N)
        "$BIN" prove "$model" --variant "$preset" --engine "$engine" --timeout "$TIMEOUT" >/dev/null 2>&1
        rc=$?
        secs=$(printf "%.2f" "$(echo "$(date +%s.%N) - $start" | bc)")
        case $rc in 0) v=proved ;; 1) v=violated ;; 3) v=unknown ;; *) v="exit $rc" ;; esac
        row="$row $v $secs s |"
    done
    echo "$row"
done
