#!/usr/bin/env bash
# Every liveness engine on every liveness preset, as a markdown table: lock-fairness (2 threads,
# 4 tickets; `served`), apic-access-zap's retry=forever presets (1 vCPU; `fault_completes_alone`,
# `fault_completes`, `inhibit_completes`), notifier-invalidate's (1 vCPU, 1 invalidator;
# `fault_completes_alone`, `fault_completes`, `invalidation_completes`),
# gfn-invalidate's (1 vCPU, 1 invalidator; the same three), tdp-shared-fault's (2 vCPUs;
# `fault_completes_alone`, `fault_completes`) and obsolete-root-fault's (1 vCPU;
# `fault_completes`, `update_completes`). Per property, the
# verdict and lasso (stem + loop) and wall time from the explicit search
# (`check`), BMC on the liveness-to-safety translation (`check --engine bmc`), `prove --property served` (auto:
# the translation's reachable states as its invariant, then k-induction, then Spacer, on the
# same translation, within LIMIT seconds) and SPIN on the
# Promela export (spin -a, gcc, ./pan -a as the export's comment says: -f for weak fairness,
# -DNOREDUCE when the fairness is in the formula; the time includes spin -a and gcc).
# Usage: LIMIT=60 Benchmarks/liveness_engines.sh [MODEL...]   (MODEL...: only those models' rows)
set -u
cd "$(dirname "$0")/.."
LIMIT=${LIMIT:-60}
swift build -c release --product mmuspec >/dev/null 2>&1 || { echo "release build failed"; exit 2; }
BIN=$PWD/.build/release/mmuspec
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
# The liveness verdict line's verdict and lasso, from check's or prove's output on stdin.
summary() {
    local line
    line=$(grep -m1 -E "^(VIOLATED|HOLDS|UNKNOWN) \(liveness\)")
    local lasso
    lasso=$(grep -oE "[0-9]+-step stem and a [0-9]+-step loop" <<<"$line" | sed -E 's/-step stem and a /+/; s/-step loop//')
    echo "${line%% *}${lasso:+ $lasso}"
}
echo "limits: $LIMIT s per engine; $(spin -V 2>/dev/null | head -1)"
echo
echo "| model | preset | property | explicit | s | bmc | s | prove | s | SPIN | s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
rows="lock-fairness:ticket-unfair:served lock-fairness:ticket-weak:served lock-fairness:blocking-weak:served
      lock-fairness:blocking-strong:served"
for preset in retry-forever faultin-once; do
    for property in fault_completes_alone fault_completes inhibit_completes; do
        rows+=" apic-access-zap:$preset:$property"
    done
done
for preset in retry-forever snapshot-once; do
    for property in fault_completes_alone fault_completes invalidation_completes; do
        rows+=" notifier-invalidate:$preset:$property"
    done
done
for property in fault_completes_alone fault_completes invalidation_completes; do
    rows+=" gfn-invalidate:retry-forever:$property"
done
for preset in retry-forever stale-retry; do
    for property in fault_completes_alone fault_completes; do
        rows+=" tdp-shared-fault:$preset:$property"
    done
done
for preset in retry-forever no-reload; do
    for property in fault_completes update_completes; do
        rows+=" obsolete-root-fault:$preset:$property"
    done
done
for entry in $rows; do
    IFS=: read -r model preset property <<<"$entry"
    if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$model"; then continue; fi
    row="| $model | $preset | $property"
    for cmd in "check --engine explicit" "check --engine bmc" "prove"; do
        t=$(now)
        out=$(timeout $((LIMIT + 30)) $BIN $cmd "$model" --variant "$preset" --property "$property" --timeout "$LIMIT" 2>/dev/null)
        row+=" | $(summary <<<"$out") | $(printf %.2f "$(since "$t")")"
    done
    t=$(now)
    $BIN export "$model" --variant "$preset" --format promela > "$work/m.pml"
    flags=""; cflags=""
    grep -q "pan -a -f -N NAME" "$work/m.pml" && flags="-f"
    grep -q "gcc -DNOREDUCE" "$work/m.pml" && cflags="-DNOREDUCE"
    spin_out=$(cd "$work" && spin -a m.pml >/dev/null && gcc -O2 -w $cflags -o pan pan.c \
               && timeout "$LIMIT" ./pan -a $flags -A -E -N "$property" -m100000 2>&1)
    if grep -q "errors: 0" <<<"$spin_out"; then verdict=HOLDS
    elif grep -qE "errors: [1-9]" <<<"$spin_out"; then verdict=VIOLATED
    else verdict=UNKNOWN; fi
    row+=" | $verdict | $(printf %.2f "$(since "$t")") |"
    echo "$row"
done
