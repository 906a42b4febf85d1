#!/usr/bin/env bash
# --timeout and --memory-limit, requested against observed, for every engine: one row per
# engine and limit, as a markdown table. A timeout holds when the run ends within
# max(1 s, 10 %) of it; a memory budget holds when the peak resident size (GNU time's %M)
# stays within 10 % of it. The budget bounds the explicit searches and the invisible engine's
# exploration, not Z3 (bmc, spacer, kinduction, the certificate re-checks): their memory rows
# say "Z3" and show the peak beside the budget; the timeout bounds them.
# ONLY (a regular expression over the engine labels) runs some rows: ONLY="explicit|invisible".
# Usage: Benchmarks/limits.sh            (TIMEOUTS="5 30" and MEMORY="200 1000" by default)
set -u
cd "$(dirname "$0")/.."
TIMEOUTS=${TIMEOUTS:-"5 30"}
MEMORY=${MEMORY:-"200 1000"}
swift build -c release --product mmuspec >/dev/null 2>&1 || { echo "release build failed"; exit 2; }
BIN=.build/release/mmuspec
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time"; exit 2; }
BIG="notifier-invalidate --variant upstream --vcpus 16 --invalidators 8"
MID="notifier-invalidate --variant upstream --vcpus 8"
# engine label, then the command (without limits).
ROWS=(
    "check explicit|check $BIG --engine explicit"
    "check bmc|check $BIG --engine bmc"
    "check auto|check $BIG"
    "prove invisible|prove $MID --engine invisible"
    "prove spacer|prove $MID --engine spacer"
    "prove kinduction|prove $MID --engine kinduction"
    "query|query $BIG --reach spte_pfn==7"
    "explain|explain $BIG"
)
# Runs "$@" under GNU time; sets secs, mb, rc, why (the UNKNOWN reason or the verdict word).
measure() {
    local out
    out=$(mktemp)
    /usr/bin/time -f "%e %M" -o "$out.time" "$@" >"$out" 2>"$out.err"
    rc=$?
    read -r secs kb < <(tail -1 "$out.time")
    mb=$((kb / 1024))
    why=$(grep -m1 -oE "UNKNOWN: .*|PROVED|VIOLATED|HOLDS|REACHABLE|UNREACHABLE" "$out" | cut -c1-70)
    [ -z "$why" ] && why=$(grep -v "^note:" "$out.err" | head -1 | cut -c1-70)
    grep -q "bmc takes over" "$out.err" && why="explicit handed over to bmc; $why"
    rm -f "$out" "$out.time" "$out.err"
}
echo "| engine | limit | requested | observed s | peak MB | exit | within | answer |"
echo "|---|---|---|---|---|---|---|---|"
for row in "${ROWS[@]}"; do
    label=${row%%|*}
    cmd=${row#*|}
    [[ $label =~ ${ONLY:-.} ]] || continue
    for t in $TIMEOUTS; do
        # shellcheck disable=SC2086
        measure "$BIN" $cmd --timeout "$t"
        ok=$(awk -v s="$secs" -v t="$t" 'BEGIN { tol = t * 0.1; if (tol < 1) tol = 1; print (s <= t + tol) ? "yes" : "NO" }')
        echo "| $label | timeout | $t s | $secs | $mb | $rc | $ok | $why |"
    done
    for m in $MEMORY; do
        # A timeout too, so that an engine the budget does not bound still ends.
        # shellcheck disable=SC2086
        measure "$BIN" $cmd --memory-limit "$m" --timeout 60
        case $label in
            "check bmc"|"prove spacer"|"prove kinduction") within="Z3" ;;
            *) within=$([ "$mb" -le $((m + m / 10)) ] && echo yes || echo NO) ;;
        esac
        echo "| $label | memory | $m MB | $secs | $mb | $rc | $within | $why |"
    done
done
