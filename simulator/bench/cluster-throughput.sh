#!/usr/bin/env bash
# Issue 11, goal 5: the same scenario embedded (one JVM) and on a local cluster of 3 JVMs (a
# coordinator and 2 workers on 127.0.0.1), then node-steps per second of each between the first
# and last evaluated rows of every run (evaluation included, as `dlsim run` does it) and their
# ratio. Usage: simulator/bench/cluster-throughput.sh [SCENARIO] (default
# scenarios/bench/numpy-comparison.yaml). A benchmark: run it on a quiet machine, twice.
set -euo pipefail
cd "$(dirname "$0")/../.."
scenario=${1:-scenarios/bench/numpy-comparison.yaml}
out=$(mktemp -d /tmp/dlsim-cluster-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
./dlsim validate "$scenario" >/dev/null
./dlsim run "$scenario" -q -o "$out/embedded"
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
def rate(folder):
    rows = list(csv.DictReader(open(folder / "metrics.csv")))
    nodes = int(next(l for l in open(folder / "scenario.yaml") if l.startswith("nodes:")).split(":")[1])
    a, b = rows[0], rows[-1]
    return nodes * (int(b["round"]) - int(a["round"])) / (float(b["wall_seconds"]) - float(a["wall_seconds"]))
for run in sorted(p.parent for p in (out / "embedded").glob("*/metrics.csv")):
    e, c = rate(run), rate(out / "cluster" / run.name)
    print(f"{run.name:30s} embedded {e:12,.0f}  cluster (3 JVMs) {c:12,.0f} node-steps/s  ratio {c / e:.2f}")
PY
echo "results: $out"
