#!/usr/bin/env bash
# The differential campaign (issue 10, campaign 1): random protocols of seeds FROM..<FROM+COUNT
# (default 0..<2000), each checked by the explicit engine, BMC, `prove` (engine auto) and SPIN on
# the Promela export (skipped for protocols drawn with u32/u64/i64, which SPIN's 32-bit int cannot
# hold). Prints the protocols generated, agreements, disagreements, unknowns and skips per engine
# pair (explicit-bmc: verdict and shortest counterexample length; explicit-prove and explicit-spin:
# verdict), then every unknown and every disagreement. Exit 1 when any engine pair disagrees.
# Usage: Benchmarks/differential.sh [COUNT [FROM]]; JOBS (default 2) protocols run at once,
# TIMEOUT (default 5) seconds for BMC and for prove on each; VERBOSE=1 adds one line per protocol
# on stderr (each engine's verdict and seconds).
set -u
cd "$(dirname "$0")/.."
COUNT=${1:-2000}
FROM=${2:-0}
command -v spin >/dev/null || echo "spin is not installed (apt-get install spin): SPIN is skipped"
swift build -c release --product DifferentialBench >/dev/null 2>&1 || { echo "release build failed"; exit 2; }
exec nice -n 10 .build/release/DifferentialBench --from "$FROM" --count "$COUNT" --jobs "${JOBS:-2}" \
    --timeout "${TIMEOUT:-5}" ${VERBOSE:+--verbose}
