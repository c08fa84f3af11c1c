"""Writes the synthetic training set the train benchmarks share: 60,000 random 28x28
images (uint8) with random labels 0-9, fixed seed, as MNIST-format IDX files.

    python make_data.py DIR [count]

Strata loads them with load_idx; peers.py --idx DIR reads the same bytes (scaled to
[0, 1] like minmax), so every side trains on identical data.
"""
import pathlib
import struct
import sys

import numpy as np


def main():
    folder = pathlib.Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 60_000
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, size=(count, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=count, dtype=np.uint8)
    with open(folder / "images.idx", "wb") as f:
        f.write(struct.pack(">IIII", 0x00000803, count, 28, 28))
        f.write(images.tobytes())
    with open(folder / "labels.idx", "wb") as f:
        f.write(struct.pack(">II", 0x00000801, count))
        f.write(labels.tobytes())


if __name__ == "__main__":
    main()
