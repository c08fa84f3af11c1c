"""numpy's float32 matmul throughput, printed like `strata-bench gemm`.

Usage: python numpy_gemm.py [size] [runs]. Set OPENBLAS_NUM_THREADS to the thread
count the Swift side uses (run.sh does).
"""
import json
import os
import statistics
import sys
import time

import numpy as np


def blas_name() -> str:
    """Which BLAS this numpy links: its bundled scipy-openblas, or the system's."""
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f'{blas.get("name")} {blas.get("version")}'
    except Exception:  # numpy < 1.26 has no dict mode; Debian's links the system BLAS
        return "system libblas.so.3"


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    rng = np.random.default_rng(1)
    a = rng.uniform(-1, 1, (size, size)).astype(np.float32)
    b = rng.uniform(-1, 1, (size, size)).astype(np.float32)
    c = np.empty((size, size), dtype=np.float32)
    np.matmul(a, b, out=c)  # warm-up, as the Swift side does
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        np.matmul(a, b, out=c)
        rates.append(2 * size**3 / (time.perf_counter() - start) / 1e9)
    print(json.dumps({
        "bench": "gemm", "impl": f"numpy {np.__version__} ({blas_name()})", "size": size,
        "threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "0")), "runs": runs,
        "median_gflops": statistics.median(rates), "best_gflops": max(rates),
    }))


if __name__ == "__main__":
    main()
