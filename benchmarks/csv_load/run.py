#!/usr/bin/env python3
"""CSV loading: Strata's load_csv against pandas.read_csv (C engine), side by side.

Generates (once, cached in /tmp) a numeric CSV of 1,000,000 rows x 20 float columns
plus a categorical target (about 200 MB, fixed seed), then runs each loader as its
own process, alternating, three times: wall time and peak RSS (from wait4) of each
process, and the medians. pandas also reports the time of read_csv alone, inside
its process, so Python's start-up and imports are not counted against it.

    python3 benchmarks/csv_load/run.py [--strata .build/release/strata] [--rows N] [--runs 3]

The Strata binary must be a release build:
    swift build -c release --scratch-path .build-datacore   (or `make release`)
pandas comes from the project's venv (.venv/bin/python; `pip install pandas`).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = 20240611
COLUMNS = 20
CLASSES = ["alpha", "beta", "gamma", "delta", "epsilon"]


def generate(path, rows):
    """Writes the benchmark CSV: f0..f19 normal values with 6 decimals, then 'label'."""
    import numpy as np
    rng = np.random.default_rng(SEED)
    tmp = path + ".partial"
    with open(tmp, "w") as out:
        out.write(",".join([f"f{i}" for i in range(COLUMNS)] + ["label"]) + "\n")
        block = 50_000
        for start in range(0, rows, block):
            n = min(block, rows - start)
            values = rng.standard_normal((n, COLUMNS)) * rng.uniform(0.5, 50, COLUMNS)
            labels = rng.integers(0, len(CLASSES), n)
            text = np.char.mod("%.6f", values)
            lines = [",".join(row) + "," + CLASSES[label] for row, label in zip(text.tolist(), labels)]
            out.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def measure(command):
    """Runs `command`; returns (wall seconds, peak RSS in MB, CPU seconds, stdout)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    out = process.stdout.read()
    err = process.stderr.read()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"command failed ({process.returncode}): {' '.join(command)}\n{out}\n{err}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--strata", default=os.path.join(ROOT, ".build/release/strata"))
    parser.add_argument("--python", default=os.path.join(ROOT, ".venv/bin/python"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    data = f"/tmp/strata-bench-csv-{args.rows}x{COLUMNS}-{SEED}.csv"
    if not os.path.exists(data):
        print(f"generating {data} ...", flush=True)
        subprocess.run([args.python, "-c", f"import sys; sys.path.insert(0, {os.path.dirname(__file__)!r}); "
                        f"import run; run.generate({data!r}, {args.rows})"], check=True)
    size_mb = os.path.getsize(data) / 1e6
    matrix_mb = args.rows * COLUMNS * 4 / 1e6
    print(f"data: {data}: {size_mb:.0f} MB, {args.rows} rows x {COLUMNS} numeric columns + label; "
          f"Float32 matrix {matrix_mb:.0f} MB")

    script_dir = tempfile.mkdtemp(prefix="strata-bench-")
    script = os.path.join(script_dir, "load.strata")
    with open(script, "w") as f:
        f.write(f'ds = load_csv("{data}", target: "label")\nprint(count(ds), len(columns(ds)), classes(ds))\n')
    pandas_code = ("import time, pandas; t = time.perf_counter(); df = pandas.read_csv(%r, engine='c'); "
                   "print(time.perf_counter() - t, df.shape)" % data)

    # Warm the page cache so both read the file from memory.
    with open(data, "rb") as f:
        while f.read(1 << 24):
            pass

    results = {"strata": [], "pandas": []}
    for run in range(args.runs):
        wall, rss, cpu, out = measure([args.strata, "run", script])
        results["strata"].append((wall, rss, cpu))
        print(f"run {run + 1}: strata  {wall:6.2f} s  cpu {cpu:5.2f} s  peak RSS {rss:6.0f} MB   ({out.strip()})",
              flush=True)
        wall, rss, cpu, out = measure([args.python, "-c", pandas_code])
        inner = float(out.split()[0])
        results["pandas"].append((wall, rss, cpu, inner))
        print(f"run {run + 1}: pandas  {wall:6.2f} s  cpu {cpu:5.2f} s  peak RSS {rss:6.0f} MB   "
              f"(read_csv alone {inner:.2f} s)", flush=True)

    strata_wall = statistics.median(r[0] for r in results["strata"])
    strata_rss = statistics.median(r[1] for r in results["strata"])
    pandas_wall = statistics.median(r[0] for r in results["pandas"])
    pandas_rss = statistics.median(r[1] for r in results["pandas"])
    pandas_inner = statistics.median(r[3] for r in results["pandas"])
    strata_cpu = statistics.median(r[2] for r in results["strata"])
    pandas_cpu = statistics.median(r[2] for r in results["pandas"])
    print()
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} (on {os.cpu_count()} cores)")
    print(f"median  strata (whole process)   {strata_wall:6.2f} s   cpu {strata_cpu:5.2f} s   "
          f"peak RSS {strata_rss:6.0f} MB")
    print(f"median  pandas (whole process)   {pandas_wall:6.2f} s   cpu {pandas_cpu:5.2f} s   "
          f"peak RSS {pandas_rss:6.0f} MB")
    print(f"median  pandas read_csv alone    {pandas_inner:6.2f} s")
    print(f"speed: strata process vs pandas read_csv alone: {pandas_inner / strata_wall:.2f}x; "
          f"memory: strata peak / Float32 matrix = {strata_rss / matrix_mb:.2f} (target <= 2)")


if __name__ == "__main__":
    main()
