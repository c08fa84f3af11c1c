#!/usr/bin/env bash
# Training throughput: strata-bench mlp/cnn against numpy (and PyTorch when a Python
# with torch is given), interleaved for `rounds` rounds because this machine's speed
# swings with other load. Samples/s, batch 64, Adam.
#
#   benchmarks/train/run.sh [rounds]        TORCH_PY=/path/to/python-with-torch to add PyTorch
#
# Threads: BENCH_THREADS (default 2) for every side (strata: STRATA_BLAS_THREADS).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
THREADS=${BENCH_THREADS:-2}
SCRATCH=${SCRATCH:-.build}
swift build -c release --scratch-path "$SCRATCH" --product strata-bench >&2
BENCH="$SCRATCH/release/strata-bench"
NUMPY_PY=${NUMPY_PY:-.venv/bin/python}
OUT=$(mktemp)
for _ in $(seq "$ROUNDS"); do
    STRATA_BLAS_THREADS=$THREADS "$BENCH" mlp | tee -a "$OUT"
    STRATA_BLAS_THREADS=$THREADS "$BENCH" cnn | tee -a "$OUT"
    BENCH_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS "$NUMPY_PY" benchmarks/train/peers.py numpy-mlp | tee -a "$OUT"
    if [ -n "${TORCH_PY:-}" ]; then
        BENCH_THREADS=$THREADS "$TORCH_PY" benchmarks/train/peers.py torch-mlp | tee -a "$OUT"
        BENCH_THREADS=$THREADS "$TORCH_PY" benchmarks/train/peers.py torch-cnn | tee -a "$OUT"
    fi
done
python3 - "$OUT" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
by = {}
for r in rows:
    by.setdefault((r["bench"], r["impl"]), []).append(r["median_samples_per_s"])
for bench in ("mlp", "cnn"):
    ours = by.get((bench, "strata"))
    if not ours:
        continue
    s = statistics.median(ours)
    print(f"{bench}: strata {s:.0f} samples/s")
    for (b, impl), rates in by.items():
        if b == bench and impl != "strata":
            m = statistics.median(rates)
            print(f"{bench}: {impl} {m:.0f} samples/s; strata / peer = {s / m:.2f}")
PY
rm -f "$OUT"
