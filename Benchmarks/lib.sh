# Shared by the benchmark scripts (source it after setting LIMIT, MEM_KB and work).
#
# measure CMD...: runs CMD once under a time limit (LIMIT seconds) and a memory limit (MEM_KB),
# its stdout in $work/stdout.txt and stderr in $work/stderr.txt; prints "seconds peakMB status",
# status being CMD's exit code, `time-limit` (seconds then "-") or `mem-limit`.
measure() {
    local out="$work/time.txt"
    rm -f "$out"
    ( ulimit -v "$MEM_KB"; /usr/bin/time -f "%e %M" -o "$out" timeout "$LIMIT" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt" )
    local rc=$?
    local secs mem
    read -r secs mem < <(tail -1 "$out" 2>/dev/null || echo "- 0")
    if [ "$rc" = 124 ]; then echo "- - time-limit"; return; fi
    if grep -qiE "out of memory|cannot allocate|memory exhausted|bad_alloc" "$work/stdout.txt" "$work/stderr.txt"; then
        echo "$secs $((mem / 1024)) mem-limit"; return
    fi
    echo "$secs $((mem / 1024)) $rc"
}
