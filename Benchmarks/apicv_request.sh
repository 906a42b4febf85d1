#!/usr/bin/env bash
# apic-access-zap's APICv request protocol (`apicv_request`: the kick before the store, vCPUs
# blocking on apicv_update_lock until the zap returned): every preset with each MMU at 1-3
# vCPUs, checked without and with it (verdict, and the shortest counterexample's length), and,
# where it holds with it, proved at 1, 2, 3 and 16 vCPUs (the invisible engine, wall time).
# Prints a markdown table. BIN=path uses that binary instead of a release build.
# Usage: Benchmarks/apicv_request.sh
set -u
cd "$(dirname "$0")/.."
TIMEOUT=${TIMEOUT:-120}
if [ -z "${BIN:-}" ]; then
    swift build -c release --product mmuspec >/dev/null 2>&1 || { echo "release build failed"; exit 2; }
    BIN=.build/release/mmuspec
fi
# "violated (N)" or "holds" from check's first verdict line.
verdict() {
    "$BIN" check apic-access-zap "$@" --timeout "$TIMEOUT" 2>/dev/null |
        awk '/^VIOLATED/ {for (i = 1; i <= NF; i++) if ($i == "in") {print "violated (" $(i + 1) ")"; exit}}
             /^HOLDS/ {print "holds"; exit} /^UNKNOWN/ {print "unknown"; exit}'
}
echo "| preset | fault_lock | without \`apicv_request\` (1 / 2 / 3 vCPUs) | with it (1 / 2 / 3 vCPUs) | \`prove\` with it (1 / 2 / 3 / 16 vCPUs) |"
echo "|---|---|---|---|---|"
"$BIN" list | awk '/^[a-z]/ {sub(":", "", $1); model=$1}
    model == "apic-access-zap" && /^    [a-z0-9.-]+ \[(holds|violated)\]:/ {print $1}' |
while read -r preset; do
    for lock in read write; do
        without="" with=""
        for n in 1 2 3; do
            a=$(verdict --variant "$preset" --set fault_lock="$lock" --vcpus "$n")
            b=$(verdict --variant "$preset" --set fault_lock="$lock" --set apicv_request=true --vcpus "$n")
            without="${without:+$without / }$a" with="${with:+$with / }$b"
        done
        proofs="-"
        case $with in *violated*|*unknown*) ;; *)
            proofs=""
            for m in 1 2 3 16; do
                start=$(date +%s.%N)
                "$BIN" prove apic-access-zap --variant "$preset" --set fault_lock="$lock" --set apicv_request=true \
                    --vcpus "$m" --engine invisible --timeout "$TIMEOUT" >/dev/null 2>&1
                rc=$?
                secs=$(printf "%.2f" "$(echo "$(date +%s.%N) - $start" | bc)")
                case $rc in 0) v="proved $secs s" ;; 1) v=violated ;; 3) v=unknown ;; *) v="exit $rc" ;; esac
                proofs="${proofs:+$proofs / }$v"
            done ;;
        esac
        echo "| \`$preset\` | $lock | $without | $with | $proofs |"
    done
done
