#!/usr/bin/env bash
# prove vs. SPIN on the same protocol, measured in one run. Prints a markdown table.
#
# For each model (apic-access-zap upstream, notifier-invalidate upstream) and N vCPUs:
#   ours:  `mmuspec prove` with the default engine (auto: invisible, then spacer), wall time,
#          peak memory, and the engine that decided
#   SPIN:  spin -a, gcc -O2 -DSAFETY -DNOCLAIM -DCOLLAPSE, ./pan on `mmuspec export --format promela`:
#          whole-pipeline time, states stored, peak memory (N = 1..MAX_N only)
# N runs 1..MAX_N (default 8), then EXTRA_N (default "12 16") for ours alone. Every run gets
# a time limit (LIMIT seconds, default 120) and a memory limit (MEM_KB, default 8 GiB); a limit
# hit prints as such. Usage: Benchmarks/prove_vs_spin.sh [MAX_N]
set -u
cd "$(dirname "$0")/.."
MAX_N=${1:-8}
EXTRA_N=${EXTRA_N:-12 16}
LIMIT=${LIMIT:-120}
MEM_KB=${MEM_KB:-8388608}
command -v spin >/dev/null || { echo "spin is not installed (apt-get install spin)"; exit 2; }
swift build -c release --product mmuspec >/dev/null 2>&1 || { echo "release build failed"; exit 2; }
BIN=$PWD/.build/release/mmuspec
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=Benchmarks/lib.sh
. Benchmarks/lib.sh

echo "limits: ${LIMIT} s and $((MEM_KB / 1024)) MB per run; SPIN $(spin -V | head -1)"
echo
echo "| model | N | ours s | ours MB | decided by | SPIN s | SPIN states | SPIN MB | SPIN s / ours s |"
echo "|---|---|---|---|---|---|---|---|---|"
for model in apic-access-zap notifier-invalidate; do
    for n in $(seq 1 "$MAX_N") $EXTRA_N; do
        read -r to mo so < <(measure "$BIN" prove "$model" --variant upstream --vcpus "$n")
        engine=$(grep -oE "^  engine: [a-z]+" "$work/stdout.txt" | awk '{print $2}')
        if [ "$so" = 0 ]; then ours="$to"; else ours="$to (exit $so)"; fi
        [ "$so" = time-limit ] && ours="time-limit"
        spin_s="-"; states="-"; mp="-"; ratio="-"
        if [ "$n" -le "$MAX_N" ]; then
            "$BIN" export "$model" --variant upstream --vcpus "$n" --format promela > "$work/m.pml"
            start=$(date +%s.%N)
            ( cd "$work" && spin -a m.pml >/dev/null 2>&1 && gcc -O2 -DSAFETY -DNOCLAIM -DCOLLAPSE -w -o pan pan.c )
            build=$(echo "$(date +%s.%N) - $start" | bc)
            read -r tp mp sp < <(cd "$work" && measure ./pan -m1000000)
            states=$(grep -oE "^ *[0-9.e+]+ states, stored" "$work/stdout.txt" | awk '{print $1}' | head -1)
            if [ "$sp" = "time-limit" ] || [ "$sp" = "mem-limit" ]; then
                spin_s="$sp (>${LIMIT} s or >$((MEM_KB / 1024)) MB)"; [ "$sp" = time-limit ] && spin_s="time-limit (>${LIMIT} s)"
                states="-"
            else
                spin_s=$(printf "%.2f" "$(echo "$tp + $build" | bc)")
                if grep -q "errors: 0" "$work/stdout.txt"; then :; else spin_s="$spin_s (errors)"; fi
            fi
            if [ "$so" = 0 ] && [[ "$spin_s" =~ ^[0-9.]+$ ]]; then ratio=$(printf "%.1f" "$(echo "scale=3; $spin_s / $to" | bc)"); fi
            if [ "$so" = 0 ] && [[ "$spin_s" == time-limit* ]]; then ratio="> $(echo "scale=0; $LIMIT / $to" | bc)"; fi
        fi
        echo "| $model | $n | $ours | $mo | ${engine:--} | $spin_s | ${states:--} | $mp | $ratio |"
    done
done
