#!/usr/bin/env bash
# Scale: ours beside SPIN, measured in one run, as markdown tables.
#
# 1. check of every preset of every KVM model (presets read from `mmuspec list`) at N vCPUs
#    (NS, default "1 2 4 8 16"): ours with the default engine (auto; the route it took is
#    the note it printed), SPIN 6 on `mmuspec export --format promela` with DFS and
#    partial-order reduction (gcc -O2 -DSAFETY -DNOCLAIM -DCOLLAPSE, ./pan -m100000), whole pipeline.
# 2. prove of every holding preset at 16 vCPUs, and notifier-invalidate with 8 invalidators.
# 3. explicit-engine throughput (ScaleBench: every reachable state, plain and over orbits)
#    beside SPIN without partial-order reduction (-DNOREDUCE -DCOLLAPSE) on the same model.
# 4. hash compaction (ScaleBench, 64-bit signatures, no symmetry) beside SPIN's -DHC4 (two 32-bit
#    words: a 64-bit signature) on the same model.
# PARTS="check prove throughput compaction" (the default: all) runs only those parts.
# PRESETS="model:preset ..." limits part 1 to those presets. Every run has a time limit (LIMIT s, default 60) and a memory limit (MEM_KB, default
# 8 GiB); a limit hit is printed as such. Usage: Benchmarks/scale.sh
set -u
cd "$(dirname "$0")/.."
NS=${NS:-1 2 4 8 16}
LIMIT=${LIMIT:-60}
MEM_KB=${MEM_KB:-8388608}
command -v spin >/dev/null || { echo "spin is not installed (apt-get install spin)"; exit 2; }
swift build -c release --product mmuspec >/dev/null 2>&1 || { echo "release build failed"; exit 2; }
swift build -c release --product ScaleBench >/dev/null 2>&1 || { echo "release build failed"; exit 2; }
BIN=$PWD/.build/release/mmuspec
BENCH=$PWD/.build/release/ScaleBench
# Every KVM model of the catalog (the examples say "not a KVM model" in `mmuspec list`).
MODELS=${MODELS:-$("$BIN" list | awk -F: '/^[a-z]/ && !/not a KVM model/ {print $1}' | tr '\n' ' ')}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

PARTS=${PARTS:-check prove throughput compaction}
part() { [[ " $PARTS " == *" $1 "* ]]; }

# shellcheck source=Benchmarks/lib.sh
. Benchmarks/lib.sh

# spin_run FLAGS: builds pan from $work/m.pml with FLAGS, runs it; prints "seconds MB verdict states"
spin_run() {
    local start build
    start=$(date +%s.%N)
    # spin -a and gcc are limited too: a liveness export at 16 vCPUs keeps spin -a busy for minutes.
    ( cd "$work" && timeout "$LIMIT" spin -a m.pml >/dev/null 2>&1 && timeout "$LIMIT" gcc -O2 -w $1 -o pan pan.c )
    case $? in
        0) ;;
        124) echo "- - time-limit -"; return ;;
        *) echo "- - spin-failed -"; return ;;
    esac
    build=$(echo "$(date +%s.%N) - $start" | bc)
    read -r t m s < <(cd "$work" && measure ./pan -m100000)
    local states verdict
    states=$(grep -oE "^ *[0-9.e+]+ states, stored" "$work/stdout.txt" | awk '{print $1}' | head -1)
    if [ "$s" = time-limit ] || [ "$s" = mem-limit ]; then echo "- - $s -"; return; fi
    if grep -q "errors: 0" "$work/stdout.txt"; then verdict=holds; else verdict=violated; fi
    if grep -q "max search depth too small" "$work/stdout.txt"; then verdict="$verdict(depth-limited)"; fi
    printf "%.2f %s %s %s\n" "$(echo "$t + $build" | bc)" "$m" "$verdict" "${states:--}"
}

LIST=$("$BIN" list)
presets() {
    echo "$LIST" | awk -v m="$1:" '$1==m{f=1;next} /^[a-z]/{f=0} f && /\[(holds|violated)\]/{print $1}'
}
expected() {
    echo "$LIST" | awk -v m="$1:" -v p="$2" '$1==m{f=1;next} /^[a-z]/{f=0} f && $1==p{gsub(/[\[\]:]/,"",$2); print $2}'
}

echo "limits: ${LIMIT} s and $((MEM_KB / 1024)) MB per run; $(spin -V | head -1); $(nproc) cores"
if part check; then
echo
echo "### check, every preset (ours: auto; SPIN: DFS + partial-order reduction, -DCOLLAPSE)"
echo
echo "| model | preset | expected | N | ours | steps | ours s | ours MB | route | SPIN | SPIN s | SPIN MB | SPIN s / ours s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for model in $MODELS; do
    for preset in $(presets "$model"); do
        [ -n "${PRESETS:-}" ] && ! [[ " $PRESETS " == *" $model:$preset "* ]] && continue
        exp=$(expected "$model" "$preset")
        for n in $NS; do
            read -r to mo so < <(measure "$BIN" check "$model" --variant "$preset" --vcpus "$n")
            verdict=$(grep -oE "^(HOLDS up to depth [0-9]+|HOLDS|VIOLATED|UNKNOWN)" "$work/stdout.txt" | head -1)
            steps=$(grep -oE "^VIOLATED \([a-z]+\) in [0-9]+ steps" "$work/stdout.txt" | grep -oE "[0-9]+" | head -1)
            # A preset with liveness properties: the verdict covers them too (the first violated
            # one's lasso as stem+loop), and SPIN's safety run checks the invariants only.
            live=$(grep -cE "^(HOLDS|VIOLATED|UNKNOWN)[^:]* \(liveness\)" "$work/stdout.txt")
            if [ "$live" -gt 0 ] && grep -qE "^VIOLATED \(liveness\)" "$work/stdout.txt"; then
                verdict="VIOLATED (liveness)"
                steps=$(grep -oE "^VIOLATED \(liveness\).*a [0-9]+-step stem and a [0-9]+-step loop" "$work/stdout.txt" \
                    | head -1 | grep -oE "[0-9]+-step" | tr -d 'a-z-' | paste -sd+)
            elif [ "$live" -gt 0 ] && grep -qE "^UNKNOWN[^:]* \(liveness\)" "$work/stdout.txt"; then
                verdict="UNKNOWN (liveness)"
            fi
            engine=$(grep -oE "^  engine: [a-z]+" "$work/stdout.txt" | awk '{print $2}')
            route="${engine:-?}"
            small=$(grep -oE "^note: auto: a violation in [0-9]+ steps with [^,;]+(, [0-9]+ [a-z]+)?, replayed" "$work/stderr.txt" \
                | sed -E 's/.* steps with (.*), replayed/\1/')
            [ -n "$small" ] && route="smaller instance ($small)"
            grep -q "a shorter one was not ruled out" "$work/stderr.txt" && route="$route, shorter not ruled out"
            capped=$(grep -oE "explicit search to [0-9]+ steps? with [^:]+:" "$work/stderr.txt" | head -1 | sed -E 's/.* with ([^:]+):/\1/')
            [ -n "$capped" ] && route="$route, shorter ruled out with $capped"
            grep -q "proved for all executions" "$work/stdout.txt" && route="proof (invisible)"
            grep -q "bmc takes over" "$work/stderr.txt" && route="bmc"
            grep -q "trying prove's invisible engine" "$work/stderr.txt" && [ "$route" = explicit ] && route="explicit (no proof)"
            [ "$so" = time-limit ] && { verdict="time-limit"; to="> $LIMIT"; }
            [ "$so" = mem-limit ] && verdict="mem-limit"
            "$BIN" export "$model" --variant "$preset" --vcpus "$n" --format promela > "$work/m.pml" 2>/dev/null
            read -r ts ms vs _ < <(spin_run "-DSAFETY -DNOCLAIM -DCOLLAPSE")
            ratio="-"
            if [[ "$ts" =~ ^[0-9.]+$ ]] && [[ "$to" =~ ^[0-9.]+$ ]]; then
                ratio=$(printf "%.1f" "$(echo "scale=3; $ts / ($to + 0.001)" | bc)")
            fi
            [ "$live" -gt 0 ] && [ -n "$vs" ] && [ "$vs" != time-limit ] && vs="$vs (invariants only)"
            echo "| $model | $preset | $exp | $n | ${verdict:-?} | ${steps:--} | $to | $mo | $route | $vs | $ts | $ms | $ratio |"
        done
    done
done
fi

if part prove; then
echo
echo "### prove at 16 vCPUs, every holding preset"
echo
echo "| model | preset | extra | verdict | s | MB | engine |"
echo "|---|---|---|---|---|---|---|"
for model in $MODELS; do
    for preset in $(presets "$model"); do
        [ "$(expected "$model" "$preset")" = holds ] || continue
        extras=("")
        [ "$model" = notifier-invalidate ] && extras=("" "--invalidators 8")
        for extra in "${extras[@]}"; do
            # shellcheck disable=SC2086
            read -r t m s < <(measure "$BIN" prove "$model" --variant "$preset" --vcpus 16 $extra)
            verdict=$(grep -oE "^(PROVED|VIOLATED|UNKNOWN)" "$work/stdout.txt" | head -1)
            engine=$(grep -oE "^  engine: [a-z]+" "$work/stdout.txt" | awk '{print $2}')
            [ "$s" = time-limit ] && { verdict="time-limit"; t="> $LIMIT"; }
            echo "| $model | $preset | ${extra:--} | ${verdict:-?} | $t | $m | ${engine:--} |"
        done
    done
done
fi

# SPIN without partial-order reduction over every reachable state of MODEL PRESET VCPUS, the pan
# built with the storage flag $4: sets states, search (pan's seconds), rate, ts and ms.
spin_states() {
    "$BIN" export "$1" --variant "$2" --vcpus "$3" --format promela > "$work/m.pml" 2>/dev/null
    ( cd "$work" && timeout "$LIMIT" spin -a m.pml >/dev/null 2>&1 && timeout "$LIMIT" gcc -O2 -w -DSAFETY -DNOCLAIM -DNOREDUCE "$4" -o pan pan.c )
    read -r ts ms ss < <(cd "$work" && measure ./pan -m100000)
    states=$(grep -oE "^ *[0-9.e+]+ states, stored" "$work/stdout.txt" | awk '{print $1}' | head -1)
    search=$(grep -oE "pan: elapsed time [0-9.e+]+" "$work/stdout.txt" | awk '{print $4}')
    rate="-"
    if [[ "${states:-}" =~ ^[0-9.e+]+$ ]] && [[ "${search:-}" =~ ^[0-9.e+]+$ ]]; then
        rate=$(python3 -c "print(round(float('$states') / max(float('$search'), 1e-3)))")
    fi
    if [ "$ss" = time-limit ]; then states="time-limit"; ts="> $LIMIT"; fi
}

# Bytes/state of the exact search, by "model preset N", from the throughput part (for part 4).
declare -A exact_bytes
if part throughput; then
echo
echo "### explicit throughput, every reachable state (SPIN: -DNOREDUCE -DCOLLAPSE, no partial-order reduction)"
echo
echo "| model | preset | N | ours plain states | s | states/s | bytes/state | ours orbits | s | SPIN states | SPIN s | SPIN states/s | SPIN MB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for cfg in "apic-access-zap upstream 3" "apic-access-zap upstream 4" "notifier-invalidate upstream 2" "notifier-invalidate upstream 3" "tdp-shared-fault upstream 4"; do
    set -- $cfg
    read -r t _ s < <(measure "$BENCH" "$1" "$2" "$3")
    plain=($(grep "^plain" "$work/stdout.txt")); sym=($(grep "^symmetric" "$work/stdout.txt"))
    [ "$s" = time-limit ] && plain=(plain "time-limit" - - -)
    exact_bytes["$1 $2 $3"]=${plain[4]:--}
    spin_states "$1" "$2" "$3" -DCOLLAPSE
    echo "| $1 | $2 | $3 | ${plain[1]:--} | ${plain[2]:--} | ${plain[3]:--} | ${plain[4]:--} | ${sym[1]:--} | ${sym[2]:--} | ${states:--} | ${search:-$ts} | $rate | $ms |"
done
fi

if part compaction; then
echo
echo "### hash compaction, every reachable state without symmetry (ours: 64-bit signatures; SPIN: -DHC4 -DNOREDUCE, a 64-bit signature)"
echo
echo "| model | preset | N | ours states | s | states/s | bytes/state | ours MB | exact bytes/state | SPIN states | SPIN s | SPIN states/s | SPIN MB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for cfg in "apic-access-zap upstream 4" "notifier-invalidate upstream 2" "notifier-invalidate upstream 3"; do
    set -- $cfg
    read -r t m s < <(measure "$BENCH" "$1" "$2" "$3" "$((MEM_KB / 1024))" compacted)
    hc=($(grep "^compacted" "$work/stdout.txt"))
    [ "$s" = time-limit ] && hc=(compacted "time-limit" - - -)
    spin_states "$1" "$2" "$3" -DHC4
    echo "| $1 | $2 | $3 | ${hc[1]:--} | ${hc[2]:--} | ${hc[3]:--} | ${hc[4]:--} | $m | ${exact_bytes["$1 $2 $3"]:--} | ${states:--} | ${search:-$ts} | $rate | $ms |"
done
fi
