"""Kernel latency: Strata against ipykernel, side by side in one run.

For each kernel: the time from launch to the first kernel_info_reply (median of
several starts), and the median and 99th percentile of round trips of a trivial cell
(send to execute_reply, and send to the idle status that ends the request).

    make bench-latency            # or: .venv/bin/python benchmarks/kernel_latency.py
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from queue import Empty

from jupyter_client.manager import KernelManager

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def percentile(values, q):
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def startup(kernel_name):
    km = KernelManager(kernel_name=kernel_name)
    started = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    while True:
        kc.kernel_info()
        try:
            kc.get_shell_msg(timeout=0.05)
            break
        except Empty:
            continue
    elapsed = time.perf_counter() - started
    return km, kc, elapsed


def round_trips(kc, code, count):
    to_reply, to_idle = [], []
    for _ in range(count):
        t0 = time.perf_counter()
        msg_id = kc.execute(code)
        while True:
            reply = kc.get_shell_msg(timeout=10)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        t1 = time.perf_counter()
        while True:
            msg = kc.get_iopub_msg(timeout=10)
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "idle"):
                break
        t2 = time.perf_counter()
        to_reply.append(t1 - t0)
        to_idle.append(t2 - t0)
    return to_reply, to_idle


def measure(kernel_name, code, starts, count):
    times = []
    for _ in range(starts):
        km, kc, elapsed = startup(kernel_name)
        times.append(elapsed)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    km, kc, _ = startup(kernel_name)
    # A SUB socket joins a little after it connects: wait until IOPub delivers, as
    # front ends do, so no busy/idle of the measured cells is lost.
    kc.wait_for_ready(timeout=30)
    round_trips(kc, code, 20)  # warm up
    reply, idle = round_trips(kc, code, count)
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return {"startup": statistics.median(times), "reply_median": statistics.median(reply),
            "reply_p99": percentile(reply, 99), "idle_median": statistics.median(idle),
            "idle_p99": percentile(idle, 99)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--strata", default=os.path.join(ROOT, ".build", "release", "strata"))
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--starts", type=int, default=7)
    args = parser.parse_args()

    prefix = tempfile.mkdtemp(prefix="strata-bench-")
    subprocess.run([args.strata, "install", "--prefix", prefix], check=True, capture_output=True)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    os.environ["STRATA_STORE"] = tempfile.mkdtemp(prefix="strata-bench-store-")

    results = {}
    # Alternate the two kernels so drifts in machine load hit both alike.
    for name, code in (("python3", "1"), ("strata", "1"), ("python3", "1"), ("strata", "1")):
        r = measure(name, code, args.starts, args.count // 2)
        for key, value in r.items():
            results.setdefault(name, {}).setdefault(key, []).append(value)
    summary = {k: {m: statistics.median(v) for m, v in r.items()} for k, r in results.items()}

    print(f"{'':24}{'ipykernel':>12}{'strata':>12}{'ratio':>8}")
    for metric, label in (("startup", "start to kernel_info"), ("reply_median", "round trip (reply) p50"),
                          ("reply_p99", "round trip (reply) p99"), ("idle_median", "round trip (idle) p50"),
                          ("idle_p99", "round trip (idle) p99")):
        py, st = summary["python3"][metric], summary["strata"][metric]
        print(f"{label:24}{py * 1000:10.2f}ms{st * 1000:10.2f}ms{st / py:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
