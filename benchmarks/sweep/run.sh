#!/usr/bin/env bash
# TPE's time per trial in Strata against Optuna's TPESampler, at 100 and 1,000 trials,
# on an objective that returns at once (Branin), so what is timed is the sampler and the
# loop around it; then the quality check (median best of 100 trials over seeds 0-9 on
# Branin and Hartmann6, TPE and random) for both.
#
#   benchmarks/sweep/run.sh [rounds]
#
# Each implementation runs 3 whole sweeps per size (seeds 0-2) and reports their median;
# the two alternate for `rounds` rounds (default 1) because this machine's speed swings
# with other load, and the ratio uses the medians over rounds.
# Needs optuna in .venv (.venv/bin/pip install optuna; measured with 5.1.0).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-1}
SCRATCH=${SCRATCH:-.build}
swift build -c release --scratch-path "$SCRATCH" --product strata-bench >&2
BENCH="$SCRATCH/release/strata-bench"
PY=${PYTHON:-.venv/bin/python}
"$PY" -c "import optuna" 2>/dev/null || { echo "need optuna in $PY's environment (pip install optuna)" >&2; exit 1; }
OUT=$(mktemp)
for _ in $(seq "$ROUNDS"); do
    for TRIALS in 100 1000; do
        "$BENCH" sweep "$TRIALS" 3 | tee -a "$OUT"
        "$PY" benchmarks/sweep/optuna_tpe.py timing "$TRIALS" 3 | tee -a "$OUT"
    done
done
"$BENCH" sweep-quality 10 | tee -a "$OUT"
"$PY" benchmarks/sweep/optuna_tpe.py quality 10 | tee -a "$OUT"
python3 - "$OUT" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
times = {}
for r in rows:
    if r["bench"] == "sweep_tpe":
        times.setdefault((r["trials"], r["impl"].split("-")[0]), []).append(r["median_ms_per_trial"])
for trials in sorted({t for t, _ in times}):
    strata = statistics.median(times[(trials, "strata")])
    optuna = statistics.median(times[(trials, "optuna")])
    print(f"TPE, {trials} trials: strata {strata:.3f} ms/trial, optuna {optuna:.3f} ms/trial; "
          f"strata / optuna = {strata / optuna:.3f} (target <= 0.2)")
for r in rows:
    if r["bench"] == "sweep_quality":
        print(f"{r['function']} {r['method']} ({r['impl']}): median best of 100 trials over "
              f"{r['seeds']} seeds = {r['median_best']:.4f}")
PY
rm -f "$OUT"
