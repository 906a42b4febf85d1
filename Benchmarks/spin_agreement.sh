#!/usr/bin/env bash
# SPIN agreement: our verdict on every preset of every model (presets read from `mmuspec list`)
# at N vCPUs beside SPIN's on the Promela export of the same configuration, as one markdown
# table: model | preset | N | ours | SPIN | agree.
#
#   ours: `mmuspec sweep MODEL --variant PRESET --vcpus N1,N2,... --format jsonl`, one check job
#         per N (a model without a vcpus parameter: one job, N "-"). For a model with liveness
#         properties the sweep checks its invariants alone (--property), which is what the
#         export carries.
#   SPIN: spin -a, gcc -O2 -DSAFETY -DCOLLAPSE, ./pan -m100000 on
#         `mmuspec export MODEL --variant PRESET --vcpus N --format promela` (errors: 0 = holds).
#
# SHARD=K/N passes --shard K/N to every sweep and runs SPIN on that shard's jobs only, so N
# machines each print their rows of the table (the union of the shards' rows is the table).
# NS (default "1 2"), JOBS (sweep's --jobs, default: cores), LIMIT (s, default 60) and MEM_KB
# (default 8 GiB, for each SPIN run), MODELS (default: every model `mmuspec list` names),
# MMUSPEC (default: a release build of this checkout). Exits 1 when some row disagrees.
# Usage: NS="1 2" Benchmarks/spin_agreement.sh
set -u
cd "$(dirname "$0")/.."
NS=${NS:-1 2}
JOBS=${JOBS:-$(nproc)}
LIMIT=${LIMIT:-60}
MEM_KB=${MEM_KB:-8388608}
SHARD=${SHARD:-}
command -v spin >/dev/null || { echo "spin is not installed (apt-get install spin)"; exit 2; }
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 2; }
if [ -z "${MMUSPEC:-}" ]; then
    swift build -c release --product mmuspec >/dev/null 2>&1 || { echo "release build failed"; exit 2; }
    MMUSPEC=$PWD/.build/release/mmuspec
fi
BIN=$MMUSPEC
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=Benchmarks/lib.sh
. Benchmarks/lib.sh

LIST=$("$BIN" list)
MODELS=${MODELS:-$(echo "$LIST" | awk -F: '/^[a-z]/{print $1}')}
presets() {
    echo "$LIST" | awk -v m="$1:" '$1==m{f=1;next} /^[a-z]/{f=0} f && /\[(holds|violated)\]/{print $1}'
}
has_vcpus() {
    echo "$LIST" | awk -v m="$1:" '$1==m{f=1;next} /^[a-z]/{f=0} f && $1=="vcpus"{print "yes"}' | grep -q yes
}

# spin_verdict ARGS...: exports ARGS to Promela, runs SPIN; prints holds, violated,
# holds(depth-limited), time-limit, mem-limit or "export refused".
spin_verdict() {
    if ! "$BIN" export "$@" --format promela > "$work/m.pml" 2> "$work/export.txt"; then
        echo "export refused"; return
    fi
    if ! ( cd "$work" && spin -a m.pml >/dev/null 2>&1 && gcc -O2 -w -DSAFETY -DCOLLAPSE -o pan pan.c ); then
        echo "spin failed"; return
    fi
    local t m s verdict
    read -r t m s < <(cd "$work" && measure ./pan -m100000)
    if [ "$s" = time-limit ] || [ "$s" = mem-limit ]; then echo "$s"; return; fi
    if grep -q "errors: 0" "$work/stdout.txt"; then verdict=holds; else verdict=violated; fi
    grep -q "max search depth too small" "$work/stdout.txt" && verdict="$verdict(depth-limited)"
    echo "$verdict"
}

echo "ours: mmuspec sweep (check, auto engine, depth 60) --format jsonl${SHARD:+, shard $SHARD};" \
     "SPIN: $(spin -V | head -1), -DSAFETY -DCOLLAPSE, -m100000, ${LIMIT} s and $((MEM_KB / 1024)) MB per run"
echo
echo "| model | preset | N | ours | SPIN | agree |"
echo "|---|---|---|---|---|---|"
disagree=0
vcsv=$(echo "$NS" | tr ' ' ',')
for model in $MODELS; do
    # The export carries the invariants and the model's own checks, not liveness properties.
    props=()
    shown=$("$BIN" show "$model")
    if echo "$shown" | grep -q "^liveness "; then
        for inv in $(echo "$shown" | sed -nE 's/^invariant ([A-Za-z0-9_]+):$/\1/p'); do props+=(--property "$inv"); done
    fi
    axis=()
    has_vcpus "$model" && axis=(--vcpus "$vcsv")
    for preset in $(presets "$model"); do
        "$BIN" sweep "$model" --variant "$preset" "${axis[@]}" "${props[@]}" --jobs "$JOBS" \
            ${SHARD:+--shard "$SHARD"} --format jsonl > "$work/sweep.jsonl" 2> "$work/sweep.err"
        rc=$?
        # 0, 1 and 3 are verdicts (a shard may hold none of this sweep's jobs); 2 is bad input.
        if [ "$rc" != 0 ] && [ "$rc" != 1 ] && [ "$rc" != 3 ]; then
            echo "| $model | $preset | - | sweep failed (exit $rc): $(head -1 "$work/sweep.err") | - | - |"; disagree=1; continue
        fi
        # One line per job: N (or -), then our verdict (violated with its length).
        python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    v = r["verdict"]
    if v == "violated": v = "violated (%d steps)" % r["depth"]
    elif v == "holds": v = "holds" + ("" if r.get("complete") else " (within depth %d)" % r["depth"])
    elif r.get("reason"): v += " (" + r["reason"] + ")"
    print(r["settings"].get("vcpus", "-") + "\t" + v)
' < "$work/sweep.jsonl" > "$work/ours.tsv"
        while IFS=$'\t' read -r n ours; do
            if [ "$n" = - ]; then spin=$(spin_verdict "$model" --variant "$preset")
            else spin=$(spin_verdict "$model" --variant "$preset" --vcpus "$n"); fi
            agree="-"
            case "$ours:$spin" in
                holds*:holds|violated*:violated) agree=yes ;;
                holds*:violated*|violated*:holds*) agree=no; disagree=1 ;;
            esac
            echo "| $model | $preset | $n | $ours | $spin | $agree |"
        done < "$work/ours.tsv"
    done
done
exit "$disagree"
