#!/usr/bin/env bash
# Issue 11: a rare outlier of the default engine beside a busy process (a run taking ~3x its usual
# time with ~3x the CPU; simulator/BENCHMARKS.md, goal 2). Runs `./dlsim run -q ARGS...` RUNS
# times beside one busy process (a spinning thread, as contended-bench.sh) and, for any run still
# going after LIMIT seconds, saves what would explain it into OUT: each thread's CPU time twice,
# 5 s apart (which thread burns the CPU), a jstack, and the JIT's code list (hot code left
# without C2?). Prints one line per run.
# Usage: simulator/bench/outlier-watch.sh LIMIT RUNS OUT -- RUN-ARGS...
#   e.g. simulator/bench/outlier-watch.sh 24 30 /tmp/watch -- /tmp/bexp1.yaml
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ $# -ge 5 && "$4" == "--" ]] || { echo "usage: $0 LIMIT RUNS OUT -- RUN-ARGS..." >&2; exit 2; }
limit=$1 runs=$2 out=$3
shift 4
[[ "$limit" =~ ^[1-9][0-9]*$ && "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "$0: LIMIT and RUNS must be positive numbers" >&2; exit 2; }
mkdir -p "$out"
python3 -c 'while True: pass' </dev/null >/dev/null 2>&1 &
busy=$!
trap 'kill $busy 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM HUP PIPE

threads() {  # CPU ticks (user + system) and name of each thread of JVM $1, busiest first
    for t in /proc/"$1"/task/*; do
        awk '{ s = $0; sub(/^[0-9]+ \(/, "", s); name = substr(s, 1, index(s, ") ") - 1);
               rest = substr(s, index(s, ") ") + 2); split(rest, a, " "); print a[12] + a[13], name }' "$t/stat" 2>/dev/null
    done | sort -rn | head -20
}

for i in $(seq 1 "$runs"); do
    started=$SECONDS
    ./dlsim run -q -o "$out/run-$i" "$@" >/dev/null 2>"$out/run-$i.err" &
    launcher=$!
    watched=no
    while kill -0 "$launcher" 2>/dev/null; do
        sleep 1
        if [[ $watched == no ]] && (( SECONDS - started > limit )); then
            watched=yes
            pid=$launcher  # the launcher execs java (after a build it may still be bash: then wait)
            if [[ "$(cat /proc/"$pid"/comm 2>/dev/null)" != java ]]; then
                watched=no
                continue
            fi
            threads "$pid" >"$out/run-$i.threads-1.txt"
            sleep 5
            threads "$pid" >"$out/run-$i.threads-2.txt"
            jstack "$pid" >"$out/run-$i.jstack.txt" 2>&1 || true
            jcmd "$pid" Compiler.codelist >"$out/run-$i.codelist.txt" 2>&1 || true
        fi
    done
    wait "$launcher" || echo "run $i failed: $out/run-$i.err"
    echo "run $i: $((SECONDS - started)) s$([[ $watched == yes ]] && echo ", past ${limit} s: see $out/run-$i.*")"
done
