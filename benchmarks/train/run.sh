#!/usr/bin/env bash
# Training throughput and peak memory, Strata through the language (`strata run`
# mlp.strata / cnn.strata, what a user gets) against the peers in peers.py on the
# same synthetic data (make_data.py: 60,000 1x28x28 images, fixed seed), batch 64,
# Adam 1e-3. Rounds are interleaved because this machine's speed swings with load.
#
#   benchmarks/train/run.sh [rounds]        TORCH_PY=/path/to/python-with-torch adds PyTorch
#
# Models: the MLP and small CNN of the README, and a larger CNN (32/64 filters, on
# 10,000 images). Threads: BENCH_THREADS (default 2) for every side. Strata's number is
# the median of its warm epochs (2 and 3; the first includes start-up), and its epoch
# spread is the slowest epoch's time over the fastest's, all three counted; the peers'
# is the median of three epochs after a warm-up epoch. Peak RSS is the whole process's
# maximum resident set (GNU time's %M).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
ROUNDS=${1:-3}
THREADS=${BENCH_THREADS:-2}
SCRATCH=${SCRATCH:-.build}
NUMPY_PY=${NUMPY_PY:-.venv/bin/python}
swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product strata >&2
STRATA="$ROOT/$SCRATCH/release/strata"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$NUMPY_PY" benchmarks/train/make_data.py "$WORK"
export STRATA_STORE="$WORK/store" OPENBLAS_NUM_THREADS=$THREADS BENCH_THREADS=$THREADS BENCH_IDX="$WORK"
OUT="$WORK/results"
rss() {  # rss LABEL COMMAND...: runs the command, appends its peak RSS in KB as a JSON line
    local label=$1; shift
    /usr/bin/time -f "%M" -o "$WORK/rss" "$@" | tee -a "$OUT"
    echo "{\"rss_of\": \"$label\", \"kb\": $(tail -1 "$WORK/rss")}" >> "$OUT"
}
for _ in $(seq "$ROUNDS"); do
    for bench in mlp cnn cnn_large; do
        (cd "$WORK" && rss "strata-$bench" "$STRATA" run "$ROOT/benchmarks/train/$bench.strata")
    done
    rss numpy-mlp "$NUMPY_PY" benchmarks/train/peers.py numpy-mlp
    if [ -n "${TORCH_PY:-}" ]; then
        rss torch-mlp "$TORCH_PY" benchmarks/train/peers.py torch-mlp
        rss torch-cnn "$TORCH_PY" benchmarks/train/peers.py torch-cnn
        rss torch-cnn_large "$TORCH_PY" benchmarks/train/peers.py torch-cnn_large
    fi
done
python3 - "$OUT" <<'PY'
import json, statistics, sys
rates, rss, spreads, epochs = {}, {}, {}, []
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("RESULT"):
        f = line.split()  # RESULT mlp epoch 2 samples 60000 samples_per_s 1234 seconds 1.2
        epochs.append(float(f[7]))
        if f[3] != "1":
            rates.setdefault((f[1], "strata"), []).append(float(f[7]))
        if f[3] == "3":  # the run's last epoch: its spread over all three
            spreads.setdefault(f[1], []).append(max(epochs) / min(epochs))
            epochs = []
    elif line.startswith("{"):
        r = json.loads(line)
        if "rss_of" in r:
            rss.setdefault(r["rss_of"], []).append(r["kb"] / 1024)
        else:
            rates.setdefault((r["bench"], r["impl"]), []).append(r["median_samples_per_s"])
for bench in ("mlp", "cnn", "cnn_large"):
    ours = rates.get((bench, "strata"))
    if not ours:
        continue
    s = statistics.median(ours)
    mem = statistics.median(rss.get(f"strata-{bench}", [0]))
    spread = ", ".join(f"{x:.2f}" for x in spreads.get(bench, []))
    print(f"{bench}: strata {s:.0f} samples/s, peak RSS {mem:.0f} MB (epochs: {', '.join(f'{r:.0f}' for r in ours)}; "
          f"slowest/fastest epoch per run: {spread})")
    for (b, impl), values in rates.items():
        if b == bench and impl != "strata":
            m = statistics.median(values)
            peer_mem = statistics.median(rss.get(f"{impl.split()[0]}-{bench}", [0]))
            print(f"{bench}: {impl} {m:.0f} samples/s, peak RSS {peer_mem:.0f} MB; "
                  f"strata/peer speed {s / m:.2f}, memory {mem / peer_mem if peer_mem else 0:.2f}")
PY
