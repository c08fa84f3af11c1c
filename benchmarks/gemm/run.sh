#!/usr/bin/env bash
# cblas_sgemm from Swift against numpy's matmul, 1024^3 Float32, median GFLOP/s.
#
#   benchmarks/gemm/run.sh [size] [runs] [rounds]
#
# Compares against two numpys: Debian's python3-numpy (links the system OpenBLAS
# 0.3.21, the same library Strata links) and the project venv's pip numpy (bundles its
# own scipy-openblas). The three run interleaved for `rounds` rounds, because this
# machine's speed swings by +-30% with other load; the ratio uses the medians of all
# rounds. Threads: STRATA_BLAS_THREADS / OPENBLAS_NUM_THREADS (default 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE=${1:-1024}; RUNS=${2:-10}; ROUNDS=${3:-3}
THREADS=${STRATA_BLAS_THREADS:-2}
SCRATCH=${SCRATCH:-.build}
swift build -c release --scratch-path "$SCRATCH" --product strata-bench >&2
BENCH="$SCRATCH/release/strata-bench"
SYSTEM_PY=/usr/bin/python3
VENV_PY=.venv/bin/python
"$SYSTEM_PY" -c "import numpy" 2>/dev/null || { echo "need Debian's python3-numpy (apt-get install python3-numpy)" >&2; SYSTEM_PY=""; }
"$VENV_PY" -c "import numpy" 2>/dev/null || { echo "need numpy in .venv (.venv/bin/pip install numpy)" >&2; VENV_PY=""; }
OUT=$(mktemp)
for _ in $(seq "$ROUNDS"); do
    STRATA_BLAS_THREADS=$THREADS "$BENCH" gemm "$SIZE" "$RUNS" | tee -a "$OUT"
    [ -n "$SYSTEM_PY" ] && OPENBLAS_NUM_THREADS=$THREADS "$SYSTEM_PY" benchmarks/gemm/numpy_gemm.py "$SIZE" "$RUNS" | tee -a "$OUT"
    [ -n "$VENV_PY" ] && OPENBLAS_NUM_THREADS=$THREADS "$VENV_PY" benchmarks/gemm/numpy_gemm.py "$SIZE" "$RUNS" | tee -a "$OUT"
done
python3 - "$OUT" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
by = {}
for r in rows:
    by.setdefault(r["impl"], []).append(r["median_gflops"])
swift = statistics.median(by.pop("swift-cblas"))
print(f"swift cblas_sgemm: {swift:.1f} GFLOP/s (median of rounds)")
for impl, rates in by.items():
    m = statistics.median(rates)
    print(f"{impl}: {m:.1f} GFLOP/s; swift / numpy = {swift / m:.2f}")
PY
rm -f "$OUT"
