"""Training throughput of the peers `strata-bench mlp|cnn` is compared with.

Same models, data shapes, batch size, optimizer (Adam, lr 1e-3) and timing as
Sources/StrataBench: one warm-up epoch, then the median samples/s of three epochs on
random data (batch * steps samples, 10 classes).

    python peers.py torch-mlp|torch-cnn|torch-cnn_large|numpy-mlp [batch] [steps]

torch: `pip install torch` into a separate venv (PyPI's Linux wheel is the 3 GB CUDA
build; it runs on the CPU). Threads: torch.set_num_threads / OPENBLAS_NUM_THREADS from
BENCH_THREADS (default 2).
"""
import json
import os
import statistics
import sys
import time

import numpy as np

THREADS = int(os.environ.get("BENCH_THREADS", "2"))
# With BENCH_IDX=DIR, train on the images make_data.py wrote there (the data the
# Strata side trains on through `strata run`), scaled to [0, 1], instead of fresh
# random data; steps are then ignored and an epoch is the whole file.
IDX = os.environ.get("BENCH_IDX")


def load_idx():
    """The IDX images as float32 [n, 784] in [0, 1] and the labels as int64."""
    with open(os.path.join(IDX, "images.idx"), "rb") as f:
        _, n, rows, cols = np.frombuffer(f.read(16), dtype=">u4")
        x = np.frombuffer(f.read(), dtype=np.uint8).reshape(int(n), int(rows) * int(cols))
    with open(os.path.join(IDX, "labels.idx"), "rb") as f:
        f.read(8)
        y = np.frombuffer(f.read(), dtype=np.uint8).astype(np.int64)
    return x.astype(np.float32) / 255, y


def report(name, impl, batch, n, rates):
    print(json.dumps({"bench": name, "impl": impl, "batch": batch, "samples": n, "threads": THREADS,
                      "median_samples_per_s": int(statistics.median(rates))}))


def torch_bench(kind, batch, steps):
    import torch
    from torch import nn
    torch.set_num_threads(THREADS)
    torch.manual_seed(1)
    n = batch * steps
    if IDX:
        xs, ys = load_idx()
        if kind == "cnn_large":  # cnn_large.strata trains on 10,000 of the images
            xs, ys = xs[:10000], ys[:10000]
        n = len(ys)
        x = torch.from_numpy(xs if kind == "mlp" else xs.reshape(n, 1, 28, 28))
    elif kind == "mlp":
        x = torch.rand(n, 784)
    else:
        x = torch.rand(n, 1, 28, 28)
    if kind == "mlp":
        model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
    elif kind == "cnn_large":
        model = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    else:
        model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Flatten(), nn.Linear(16 * 7 * 7, 10))
    y = torch.from_numpy(ys) if IDX else torch.randint(0, 10, (n,))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def epoch():
        order = torch.randperm(n)
        start = time.perf_counter()
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
        return n / (time.perf_counter() - start)

    epoch()
    report(kind, f"torch {torch.__version__}", batch, n, [epoch() for _ in range(3)])


def numpy_mlp(batch, steps):
    rng = np.random.default_rng(1)
    n = batch * steps
    if IDX:
        x, y = load_idx()
        n = len(y)
    else:
        x = rng.random((n, 784), dtype=np.float32)
        y = rng.integers(0, 10, n)
    sizes = [784, 128, 64, 10]
    params = []
    for a, b in zip(sizes, sizes[1:]):
        limit = np.sqrt(6 / (a + b))
        params += [rng.uniform(-limit, limit, (a, b)).astype(np.float32), np.zeros(b, np.float32)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t = 0

    def step(xb, yb):
        nonlocal t
        h1 = np.maximum(xb @ params[0] + params[1], 0)
        h2 = np.maximum(h1 @ params[2] + params[3], 0)
        z = h2 @ params[4] + params[5]
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(len(yb)), yb] -= 1
        dz = p / len(yb)
        grads = [None] * 6
        grads[4], grads[5] = h2.T @ dz, dz.sum(0)
        d2 = (dz @ params[4].T) * (h2 > 0)
        grads[2], grads[3] = h1.T @ d2, d2.sum(0)
        d1 = (d2 @ params[2].T) * (h1 > 0)
        grads[0], grads[1] = xb.T @ d1, d1.sum(0)
        t += 1
        for i, g in enumerate(grads):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            params[i] -= (1e-3 / (1 - 0.9 ** t)) * m[i] / (np.sqrt(v[i]) / np.sqrt(1 - 0.999 ** t) + 1e-8)

    def epoch():
        order = rng.permutation(n)
        start = time.perf_counter()
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            step(x[idx], y[idx])
        return n / (time.perf_counter() - start)

    epoch()
    report("mlp", f"numpy {np.__version__}", batch, n, [epoch() for _ in range(3)])


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "numpy-mlp"
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else (200 if which.endswith("mlp") else 50)
    if which == "numpy-mlp":
        numpy_mlp(batch, steps)
    elif which in ("torch-mlp", "torch-cnn", "torch-cnn_large"):
        torch_bench(which.split("-")[1], batch, steps)
    else:
        sys.exit("usage: peers.py torch-mlp|torch-cnn|torch-cnn_large|numpy-mlp [batch] [steps]")
