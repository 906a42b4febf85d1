#!/usr/bin/env bash
# prove vs. SPIN on the same protocol, measured in one run. Prints a markdown table.
#
# For each model (apic-access-zap upstream, notifier-invalidate upstream) and N vCPUs:
#   ours:  `mmuspec prove` (spacer and kinduction), wall time and peak memory
#   SPIN:  spin -a, gcc -O2 -DSAFETY, ./pan on `mmuspec export --format promela`:
#          whole-pipeline time, states stored, peak memory
# Every run gets a time limit (LIMIT seconds, default 120) and a memory limit (MEM_KB,
# default 8 GiB); a limit hit prints as such. Usage: Benchmarks/prove_vs_spin.sh [MAX_N]
set -u
cd "$(dirname "$0")/.."
MAX_N=${1:-8}
LIMIT=${LIMIT:-120}
MEM_KB=${MEM_KB:-8388608}
command -v spin >/dev/null || { echo "spin is not installed (apt-get install spin)"; exit 2; }
swift build -c release --product mmuspec >/dev/null 2>&1 || { echo "release build failed"; exit 2; }
BIN=.build/release/mmuspec
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run LABEL CMD...: prints "seconds peakMB status" for one limited run
measure() {
    local out="$work/time.txt"
    ( ulimit -v "$MEM_KB"; /usr/bin/time -f "%e %M" -o "$out" timeout "$LIMIT" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt" )
    local rc=$?
    local secs mem
    read -r secs mem < <(tail -1 "$out" 2>/dev/null || echo "- -")
    if [ "$rc" = 124 ]; then echo "time-limit - limit"; return; fi
    if grep -qiE "out of memory|cannot allocate|memory exhausted" "$work/stdout.txt" "$work/stderr.txt"; then
        echo "$secs $((mem / 1024)) mem-limit"; return
    fi
    echo "$secs $((mem / 1024)) $rc"
}

echo "| model | N | prove spacer s | MB | prove kinduction s | MB | SPIN s | SPIN states | SPIN MB | SPIN/ours (best) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for model in apic-access-zap notifier-invalidate; do
    for n in $(seq 1 "$MAX_N"); do
        read -r ts ms ss < <(measure "$BIN" prove "$model" --variant upstream --vcpus "$n" --engine spacer)
        [ "$ss" = 0 ] || ts="$ts($ss)"
        read -r tk mk sk < <(measure "$BIN" prove "$model" --variant upstream --vcpus "$n" --engine kinduction)
        [ "$sk" = 0 ] || tk="$tk($sk)"
        "$BIN" export "$model" --variant upstream --vcpus "$n" --format promela > "$work/m.pml"
        start=$(date +%s.%N)
        ( cd "$work" && spin -a m.pml >/dev/null 2>&1 && gcc -O2 -DSAFETY -w -o pan pan.c ) 
        build=$(echo "$(date +%s.%N) - $start" | bc)
        read -r tp mp sp < <(cd "$work" && measure ./pan -m1000000)
        states=$(grep -oE "^ *[0-9]+ states, stored" "$work/stdout.txt" | grep -oE "[0-9]+" | head -1)
        if [ "$sp" = "limit" ] || [ "$sp" = "mem-limit" ]; then spin_s="$sp"; else spin_s=$(printf "%.2f" "$(echo "$tp + $build" | bc)"); fi
        best=$(printf '%s\n%s\n' "${ts%%(*}" "${tk%%(*}" | grep -E '^[0-9.]+$' | sort -g | head -1)
        ratio="-"
        if [ -n "$best" ] && [[ "$spin_s" =~ ^[0-9.]+$ ]]; then ratio=$(echo "scale=2; $spin_s / $best" | bc); fi
        echo "| $model | $n | $ts | $ms | $tk | $mk | $spin_s | ${states:--} | $mp | $ratio |"
    done
done
