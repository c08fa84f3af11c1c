#!/usr/bin/env python3
"""Image folders: Strata's load_images against torchvision's ImageFolder + ToTensor
over a DataLoader with 2 workers, on the same 10,000 28x28 PNGs.

Writes (once, cached in /tmp) 10,000 RGB PNGs of 28x28 into 10 class folders: the
bundled 8x8 digits (Sources/Data/Datasets/digits.csv) enlarged, tinted per image and
lightly noised (fixed seed), so the files compress like real small images. Then runs,
alternating, `strata run` on a script that calls load_images on the folder, and a
Python process that builds `ImageFolder(root, transform=ToTensor())` and iterates a
`DataLoader(batch_size=64, num_workers=2)` over every batch. Each side produces the
same [3, 28, 28] samples with their class.

Strata is timed as its whole process (start-up included); torchvision from just
before ImageFolder is built to the last batch (its worker start-up included, Python's
start-up and the torch import not). The ratio is torchvision's median over Strata's.

    .venv/bin/python benchmarks/images/run.py [--strata .build/release/strata] [--rounds 5]

The Strata binary must be a release build: `swift build -c release --product strata`
(or `make release`). torch, torchvision and Pillow: `.venv/bin/pip install -r
benchmarks/images/requirements.txt`.
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = 20261205
SIDE = 28

TORCH_SCRIPT = r"""
import sys, time
import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms
torch.set_num_threads(1)
root = sys.argv[1]
start = time.perf_counter()
data = datasets.ImageFolder(root, transform=transforms.ToTensor())
loader = DataLoader(data, batch_size=64, num_workers=2)
rows = 0
shape = None
for images, labels in loader:
    rows += images.shape[0]
    shape = tuple(images.shape[1:])
elapsed = time.perf_counter() - start
print(f"{elapsed:.6f} {rows} {shape} {len(data.classes)}")
"""


def generate(folder, count):
    """Writes `count` RGB PNGs into folder/<digit>/<index>.png."""
    import numpy as np
    from PIL import Image
    rng = np.random.default_rng(SEED)
    with open(os.path.join(ROOT, "Sources/Data/Datasets/digits.csv")) as handle:
        rows = list(csv.reader(handle))[1:]
    digits = np.array([[float(v) for v in row[:64]] for row in rows]).reshape(-1, 8, 8) * (255 / 16)
    labels = [row[64] for row in rows]
    partial = folder + ".partial"
    for label in sorted(set(labels)):
        os.makedirs(os.path.join(partial, label), exist_ok=True)
    for index in range(count):
        pick = index % len(digits)
        gray = Image.fromarray(digits[pick].astype(np.uint8)).resize((SIDE, SIDE), Image.BILINEAR)
        tint = rng.uniform(0.5, 1.0, 3)
        pixels = np.asarray(gray, dtype=np.float64)[:, :, None] * tint
        pixels += rng.normal(0, 6, pixels.shape)
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
        image.save(os.path.join(partial, labels[pick], f"{index:05d}.png"))
    os.replace(partial, folder)


def measure(command):
    """Runs `command`; returns (wall seconds, stdout)."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"command failed ({done.returncode}): {' '.join(command)}\n{done.stdout}\n{done.stderr}")
    return wall, done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--strata", default=os.path.join(ROOT, ".build/release/strata"))
    parser.add_argument("--python", default=os.path.join(ROOT, ".venv/bin/python"))
    parser.add_argument("--images", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not os.path.exists(args.strata):
        sys.exit(f"no Strata binary at {args.strata}: build it with `swift build -c release --product strata`")

    folder = f"/tmp/strata-bench-images-{args.images}x{SIDE}-{SEED}"
    if not os.path.exists(folder):
        print(f"writing {args.images} PNGs into {folder} ...", flush=True)
        subprocess.run([args.python, "-c", f"import sys; sys.path.insert(0, {os.path.dirname(__file__)!r}); "
                        f"import run; run.generate({folder!r}, {args.images})"], check=True)
    files = [os.path.join(d, f) for d, _, names in os.walk(folder) for f in names]
    size_mb = sum(os.path.getsize(f) for f in files) / 1e6
    print(f"data: {folder}: {len(files)} PNGs, {size_mb:.1f} MB, 10 class folders")

    work = tempfile.mkdtemp(prefix="strata-bench-images-")
    script = os.path.join(work, "load.strata")
    with open(script, "w") as handle:
        handle.write(f'ds = load_images("{folder}")\nprint(count(ds), classes(ds).len())\n')
    torch_script = os.path.join(work, "load_torch.py")
    with open(torch_script, "w") as handle:
        handle.write(TORCH_SCRIPT)
    # The store would record nothing here, but keep it out of the checkout anyway.
    os.environ["STRATA_STORE"] = os.path.join(work, "store")

    # One untimed run of each warms the page cache and the dynamic loader.
    measure([args.strata, "run", script])
    measure([args.python, torch_script, folder])
    strata, torch_inside, torch_process = [], [], []
    for round_index in range(args.rounds):
        sides = ["strata", "torch"] if round_index % 2 == 0 else ["torch", "strata"]
        for side in sides:
            if side == "strata":
                wall, out = measure([args.strata, "run", script])
                rows, classes = out.split()
                assert (int(rows), int(classes)) == (len(files), 10), out
                strata.append(wall)
            else:
                wall, out = measure([args.python, torch_script, folder])
                inside, rows = out.split()[:2]
                assert int(rows) == len(files), out
                torch_inside.append(float(inside))
                torch_process.append(wall)
        print(f"round {round_index + 1}: strata {strata[-1]:.3f} s, torchvision {torch_inside[-1]:.3f} s "
              f"(process {torch_process[-1]:.3f} s)", flush=True)

    s, t, tp = statistics.median(strata), statistics.median(torch_inside), statistics.median(torch_process)
    print()
    print("| | median seconds | range |")
    print("|---|---|---|")
    print(f"| Strata `load_images` (whole `strata run` process) | {s:.3f} | {min(strata):.3f}-{max(strata):.3f} |")
    print(f"| torchvision ImageFolder + ToTensor, DataLoader(num_workers=2), loading only | {t:.3f} | "
          f"{min(torch_inside):.3f}-{max(torch_inside):.3f} |")
    print(f"| the same, whole Python process (imports included) | {tp:.3f} | "
          f"{min(torch_process):.3f}-{max(torch_process):.3f} |")
    print()
    print(f"torchvision loading / Strata process: {t / s:.2f}x (target: at least 3x)")
    print(f"torchvision process / Strata process: {tp / s:.2f}x")


if __name__ == "__main__":
    main()
