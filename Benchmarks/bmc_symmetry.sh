#!/usr/bin/env bash
# BMC with and without its symmetry breaking (`check --engine bmc` against `--no-symmetry`):
# seconds and answer per model, preset and vCPU count, as a markdown table.
# SIDES=on|off|both (default both) runs one side only, e.g. to measure "before" apart.
# ROWS (a regular expression over "model variant N") runs some rows: ROWS="apic.* 16".
# FULL=1 adds the product the unit test samples: every apic-access-zap flag combination at
# 1-3 vCPUs and every KVM preset at 1-3 vCPUs (both sides, depth-bounded like the test),
# printing one line per disagreement and a count.
# BIN names a binary to run instead of building .build/release/mmuspec.
# Usage: Benchmarks/bmc_symmetry.sh      (TIMEOUT=300 per run by default)
set -u
cd "$(dirname "$0")/.."
TIMEOUT=${TIMEOUT:-300}
SIDES=${SIDES:-both}
if [ -z "${BIN:-}" ]; then
    swift build -c release --product mmuspec >/dev/null 2>&1 || { echo "release build failed"; exit 2; }
    BIN=.build/release/mmuspec
fi
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time"; exit 2; }
CASES=()
for n in 2 4 8 16; do
    CASES+=("apic-access-zap zap-read-lock-bump $n" "apic-access-zap upstream $n")
done
for n in 2 3 4; do
    for v in upstream no-retry count-only seq-only range-overwrite; do CASES+=("notifier-invalidate $v $n"); done
done
# Runs one check; sets secs and answer ("VIOLATED (invariant) in 13 steps", "HOLDS ...", "UNKNOWN ...").
measure() {
    local out
    out=$(mktemp)
    /usr/bin/time -f "%e" -o "$out.time" "$BIN" check "$1" --variant "$2" --vcpus "$3" --engine bmc \
        --timeout "$TIMEOUT" "${@:4}" >"$out" 2>"$out.err"
    secs=$(tail -1 "$out.time")
    answer=$(grep -m1 -oE "^(VIOLATED|HOLDS|UNKNOWN)[^:]*" "$out" | cut -c1-60)
    [ -z "$answer" ] && answer="exit $(grep -m1 . "$out.err" | cut -c1-60)"
    rm -f "$out" "$out.time" "$out.err"
}
echo "limit: --timeout $TIMEOUT s per run; $(nproc) cores"
echo
echo "| model | variant | N | answer | symmetry breaking s | --no-symmetry s | ratio |"
echo "|---|---|---|---|---|---|---|"
for c in "${CASES[@]}"; do
    [[ $c =~ ${ROWS:-.} ]] || continue
    read -r model variant n <<<"$c"
    on="-"; off="-"; a_on=""; a_off=""
    if [ "$SIDES" != off ]; then measure "$model" "$variant" "$n"; on=$secs; a_on=$answer; fi
    if [ "$SIDES" != on ]; then measure "$model" "$variant" "$n" --no-symmetry; off=$secs; a_off=$answer; fi
    answer=${a_on:-$a_off}
    if [ -n "$a_on" ] && [ -n "$a_off" ] && [ "$a_on" != "$a_off" ]; then answer="$a_on / --no-symmetry: $a_off"; fi
    ratio=$(awk -v a="$on" -v b="$off" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.1f", b / a; else print "-" }')
    echo "| $model | $variant | $n | $answer | $on | $off | $ratio |"
done
[ "${FULL:-0}" = 1 ] || exit 0
# The full product, both sides; the answers must be equal (verdict, length, completeness).
echo
disagree=0; total=0
compare() {
    measure "$@"; local a=$answer
    measure "$@" --no-symmetry; local b=$answer
    total=$((total + 1))
    [ "$a" = "$b" ] || { disagree=$((disagree + 1)); echo "disagree: $* : $a / $b"; }
}
for n in 1 2 3; do
    for bits in $(seq 0 31); do
        sets=(--set fault_lock=$([ $((bits & 1)) = 0 ] && echo read || echo write)
              --set zap_lock=$([ $((bits & 2)) = 0 ] && echo read || echo write)
              --set zap_bumps_notifier=$([ $((bits & 4)) = 0 ] && echo true || echo false)
              --set fault_checks_retry=$([ $((bits & 8)) = 0 ] && echo true || echo false)
              --set seq_before_slot=$([ $((bits & 16)) = 0 ] && echo true || echo false))
        compare apic-access-zap upstream "$n" "${sets[@]}" --depth 24
    done
    for mv in "apic-access-zap upstream" "notifier-invalidate upstream" "notifier-invalidate no-retry" \
              "notifier-invalidate count-only" "notifier-invalidate seq-only" \
              "notifier-invalidate range-overwrite" "tdp-shared-fault upstream" "tdp-shared-fault plain-store" \
              "tdp-shared-fault write-lock-store"; do
        read -r model variant <<<"$mv"
        compare "$model" "$variant" "$n" --depth 24
    done
done
echo "full product: $total comparisons, $disagree disagreements"
