#!/usr/bin/env bash
# Builds the two libFuzzer targets and runs each for a given number of executions with a fixed
# seed, then prints a table: target, executions (libFuzzer's own count), crashes, time.
#
#   Benchmarks/fuzz.sh [RUNS] [SEED] [TARGET...]      (defaults: 1000000 1 FuzzReach FuzzCLI)
#   FUZZ_CONFIG=release Benchmarks/fuzz.sh ...         (optimized build: 3-5x more executions per second)
#   FUZZ_ARGS=-max_total_time=600 Benchmarks/fuzz.sh   (more libFuzzer flags: here, stop after 10 minutes)
#
# FuzzReach: a --reach expression parsed, typed and decided on a catalog model (Fuzz/FuzzReach).
# FuzzCLI: a command line run in process through the CLI's command tree on the seqlock model (Fuzz/FuzzCLI).
# The targets are built with `-sanitize=fuzzer,address -DFUZZING` into .build-fuzz (a plain
# `swift build` builds them as programs that only print how to run them). Seeds come from
# Fuzz/Corpus/<target>, dictionaries from Fuzz/*.dict; what the run adds goes to a temporary
# directory, and a crashing input is kept there (its path is printed): turn it into a test.
# Leak detection is off: LeakSanitizer cannot follow Swift's tagged enum payload pointers and
# reports reachable objects as leaked. Allocation stacks are not recorded (malloc_context_size=0:
# a third faster; a report still shows where the bad access happened). libFuzzer stops at the
# first crash, so a row shows 0 or 1. FUZZ_BUILD_PATH overrides the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-1000000}
seed=${2:-1}
shift $(( $# > 2 ? 2 : $# ))
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(FuzzReach FuzzCLI)
config=${FUZZ_CONFIG:-debug}
build=${FUZZ_BUILD_PATH:-.build-fuzz}

for t in "${targets[@]}"; do
    swift build -c "$config" --build-path "$build" -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
        --product "$t" 2>&1 | grep -E "error|Build of product" >&2 || true
done

work=$(mktemp -d "${TMPDIR:-/tmp}/mmuspec-fuzz.XXXXXX")
printf '%-10s %12s %8s %8s  %s\n' target executions crashes seconds log
for t in "${targets[@]}"; do
    case "$t" in
        FuzzReach) name=reach ;;
        FuzzCLI) name=cli ;;
        *) echo "unknown target $t (FuzzReach or FuzzCLI)" >&2; exit 2 ;;
    esac
    mkdir -p "$work/$name-corpus"
    start=$(date +%s)
    ASAN_OPTIONS=detect_leaks=0:malloc_context_size=0 "$build/$config/$t" -runs="$runs" -seed="$seed" -detect_leaks=0 \
        -close_fd_mask=3 -print_final_stats=1 -timeout=120 -rss_limit_mb=4096 -dict="Fuzz/$name.dict" \
        -artifact_prefix="$work/$name-" ${FUZZ_ARGS:-} "$work/$name-corpus" "Fuzz/Corpus/$name" \
        > "$work/$name.log" 2>&1 || true
    seconds=$(( $(date +%s) - start ))
    executions=$(awk '/stat::number_of_executed_units/ { print $2 }' "$work/$name.log" | tail -1)
    found=$(ls "$work" | grep -E "^$name-(crash|timeout|oom|leak)-" || true)
    crashes=$(printf '%s' "$found" | grep -c . || true)
    # A slow unit (over libFuzzer's 10 s) is not a finding: a run may take the --timeout it asks for.
    slow=$(ls "$work" | grep -E "^$name-slow-unit-" || true)
    printf '%-10s %12s %8s %8s  %s\n' "$t" "${executions:-?}" "$crashes" "$seconds" "$work/$name.log"
    for f in $found; do echo "  crashing input: $work/$f"; done
    for f in $slow; do echo "  slow input (not a finding): $work/$f"; done
done
