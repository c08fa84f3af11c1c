#!/usr/bin/env python3
"""Training sequence models on text: Strata (`strata run`, what a user gets) against PyTorch on
the CPU, the same model, data, batch and optimizer, side by side.

    TORCH_PY=/path/to/python-with-torch .venv/bin/python benchmarks/text/train.py \
        [--strata .build/release/strata] [--rounds 3]

Data: the SMS Spam Collection (5,574 messages) as 64 token ids each (vocabulary 10,000,
0 pads), vectorized by Strata and written to a CSV that the PyTorch side reads, so both
train on the same ids. Models, batch 64, Adam 1e-3, cross-entropy over 2 classes:

    lstm         embedding(64), lstm(64), dense(2)
                 nn.Embedding(10002, 64), nn.LSTM(64, 64, batch_first=True) over
                 pack_padded_sequence (padding skipped, as Strata skips it), nn.Linear(64, 2)
    transformer  embedding(64), transformer(4), global_avgpool(), dense(2)
                 nn.Embedding, learned positions, nn.TransformerEncoderLayer(64, 4, 256,
                 dropout 0.1, gelu, norm_first, batch_first) with src_key_padding_mask,
                 masked mean, nn.Linear(64, 2)

Each side trains three epochs; its rate is the median samples/s of epochs 2 and 3 (the
first includes start-up), per round; the table shows medians over rounds, alternating
sides. Threads: BENCH_THREADS (default 2) for both. torch: `pip install torch` into a
separate venv (PyPI's Linux wheel is the CUDA build; it runs on the CPU).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
THREADS = os.environ.get("BENCH_THREADS", "2")
MODELS = {
    "lstm": "embedding(64), lstm(64), dense(2)",
    "transformer": "embedding(64), transformer(4), global_avgpool(), dense(2)",
}

TORCH = r"""
import csv, json, statistics, sys, time
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence
kind, path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
torch.set_num_threads(threads)
torch.manual_seed(1)
rows = list(csv.reader(open(path)))[1:]
ids = torch.tensor([[int(float(v)) for v in r[:64]] for r in rows])
labels = torch.tensor([0 if r[64] == "ham" else 1 for r in rows])
vocab = int(ids.max()) + 1

class LSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(vocab, 64)
        self.lstm = nn.LSTM(64, 64, batch_first=True)
        self.out = nn.Linear(64, 2)
    def forward(self, x):
        lengths = (x != 0).sum(1).clamp(min=1)
        packed = pack_padded_sequence(self.embedding(x), lengths, batch_first=True, enforce_sorted=False)
        _, (h, _) = self.lstm(packed)
        return self.out(h[-1])

class Transformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(vocab, 64)
        self.positions = nn.Parameter(torch.randn(64, 64) * 0.02)
        self.block = nn.TransformerEncoderLayer(64, 4, 256, dropout=0.1, activation="gelu", norm_first=True,
                                                batch_first=True)
        self.out = nn.Linear(64, 2)
    def forward(self, x):
        mask = x != 0
        h = self.block(self.embedding(x) + self.positions, src_key_padding_mask=~mask)
        m = mask.unsqueeze(-1).float()
        return self.out((h * m).sum(1) / m.sum(1).clamp(min=1))

model = LSTM() if kind == "lstm" else Transformer()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss = nn.CrossEntropyLoss()
rates = []
for epoch in range(3):
    order = torch.randperm(len(ids))
    start = time.perf_counter()
    model.train()
    for i in range(0, len(ids), 64):
        batch = order[i:i + 64]
        optimizer.zero_grad()
        loss(model(ids[batch]), labels[batch]).backward()
        optimizer.step()
    rates.append(len(ids) / (time.perf_counter() - start))
print(json.dumps({"rate": statistics.median(rates[1:])}))
"""


def strata_rate(strata, kind, folder):
    script = os.path.join(folder, f"{kind}.strata")
    with open(script, "w") as out:
        out.write(f"""
ids = vectorize(dataset("sms_spam"), vocab: 10000, length: 64)
r = fit(sequential([{MODELS[kind]}]), ids, epochs: 3, batch: 64, optimizer: adam(lr: 0.001), seed: 1)
for e in r.epochs {{ print("RESULT", e.epoch, e.samples_per_s) }}
""")
    done = subprocess.run([strata, "run", script], check=True, capture_output=True, text=True, cwd=folder,
                          env={**os.environ, "STRATA_STORE": os.path.join(folder, "store"),
                               "STRATA_BLAS_THREADS": THREADS, "OPENBLAS_NUM_THREADS": THREADS})
    rates = [float(line.split()[2]) for line in done.stdout.splitlines() if line.startswith("RESULT")]
    return statistics.median(rates[1:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--strata", default=os.path.join(ROOT, ".build", "release", "strata"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    torch_py = os.environ.get("TORCH_PY")
    with tempfile.TemporaryDirectory() as folder:
        # The ids both sides train on, written by Strata's own vectorize.
        data = os.path.join(folder, "ids.csv")
        with open(os.path.join(folder, "ids.strata"), "w") as out:
            out.write(f'to_csv(vectorize(dataset("sms_spam"), vocab: 10000, length: 64), "{data}")\n')
        subprocess.run([args.strata, "run", "ids.strata"], check=True, capture_output=True, cwd=folder,
                       env={**os.environ, "STRATA_STORE": os.path.join(folder, "store")})
        rates = {}
        for _ in range(args.rounds):
            for kind in MODELS:
                rates.setdefault((kind, "strata"), []).append(strata_rate(args.strata, kind, folder))
                if torch_py:
                    done = subprocess.run([torch_py, "-c", TORCH, kind, data, THREADS], check=True,
                                          capture_output=True, text=True,
                                          env={**os.environ, "OMP_NUM_THREADS": THREADS})
                    rates.setdefault((kind, "torch"), []).append(json.loads(done.stdout)["rate"])
    print(f"{'model':<12} {'Strata samples/s':>17} {'PyTorch samples/s':>18} {'ratio':>7}   (median of {args.rounds} rounds, "
          f"{THREADS} threads)")
    for kind in MODELS:
        ours = statistics.median(rates[(kind, "strata")])
        theirs = statistics.median(rates[(kind, "torch")]) if (kind, "torch") in rates else None
        print(f"{kind:<12} {ours:>17.0f} {theirs if theirs is None else round(theirs):>18} "
              f"{'' if theirs is None else f'{ours / theirs:.2f}x':>7}")


if __name__ == "__main__":
    sys.exit(main())
