#!/usr/bin/env bash
# Issue 11, goal 5: the same scenario embedded (one JVM) and on a local cluster of 3 JVMs (a
# coordinator and 2 workers on 127.0.0.1), then node-steps per second of each between evaluated
# rows of every run (evaluation included, as `dlsim run` does it) and their ratio, twice: from the
# first row (the JIT's warm-up included: three JVMs compile the same code on the same cores) and
# over the second half of the rounds (the steady state).
# Usage: simulator/bench/cluster-throughput.sh [--rounds N] [SCENARIO] (default
# scenarios/bench/numpy-comparison.yaml; --rounds runs a copy with N rounds, e.g. 2000 for a
# steady state that the default 300 rounds barely reach). A benchmark: run it on a quiet machine,
# twice.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=""
if [[ "${1:-}" == "--rounds" ]]; then
    rounds=${2:?--rounds needs a number}
    [[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "cluster-throughput.sh: --rounds $rounds is not a positive number" >&2; exit 2; }
    shift 2
fi
scenario=${1:-scenarios/bench/numpy-comparison.yaml}
out=$(mktemp -d /tmp/dlsim-cluster-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
./dlsim validate "$scenario" >/dev/null
if [[ -n "$rounds" ]]; then
    grep -q '^rounds:' "$scenario" || { echo "cluster-throughput.sh: $scenario has no top-level 'rounds:' to change" >&2; exit 2; }
    sed "s/^rounds:.*/rounds: $rounds/" "$scenario" >"$out/scenario.yaml"
    scenario="$out/scenario.yaml"
fi
# One run at a time on every core, as the cluster runs them (a sweep's runs go side by side by default).
./dlsim run "$scenario" -q --jobs 1 -o "$out/embedded"
base=$((25600 + RANDOM % 1000))
./dlsim node --role coordinator --scenario "$scenario" --expected-workers 2 --host 127.0.0.1 --port "$base" \
    --seed-nodes "127.0.0.1:$base" -q -o "$out/cluster" &
coordinator=$!
for k in 1 2; do
    ./dlsim node --role worker --scenario "$scenario" --member "worker$k" --host 127.0.0.1 --port $((base + k)) \
        --seed-nodes "127.0.0.1:$base" >"$out/worker$k.log" 2>&1 &
done
wait "$coordinator"
python3 - "$out" <<'PY'
import csv, pathlib, sys
out = pathlib.Path(sys.argv[1])
def rate(folder, steady):
    rows = list(csv.DictReader(open(folder / "metrics.csv")))
    nodes = int(next(l for l in open(folder / "scenario.yaml") if l.startswith("nodes:")).split(":")[1])
    last = rows[-1]
    first = rows[0]
    if steady:
        half = int(last["round"]) / 2
        first = next(r for r in rows if int(r["round"]) >= half)
    return nodes * (int(last["round"]) - int(first["round"])) / (float(last["wall_seconds"]) - float(first["wall_seconds"]))
for run in sorted(p.parent for p in (out / "embedded").glob("*/metrics.csv")):
    for steady, label in ((False, "from the first row"), (True, "second half")):
        e, c = rate(run, steady), rate(out / "cluster" / run.name, steady)
        print(f"{run.name:30s} {label:18s} embedded {e:12,.0f}  cluster (3 JVMs) {c:12,.0f} node-steps/s  ratio {c / e:.2f}")
PY
echo "results: $out"
