"""Kernel latency: Strata against ipykernel, side by side in one run.

For each kernel: the time from launch to the first kernel_info_reply (median of
several starts), and the median and 99th percentile of round trips of a trivial cell
(send to execute_reply, and send to the idle status that ends the request).

Strata is started as `strata install` sets it up: through the strata-kernel launcher
when it is built beside the binary (`--direct` runs `strata kernel` itself). Last, the
time from launch to the first accepted TCP connect on the shell port, for
strata-kernel and for `strata kernel`.

    make bench-latency            # or: .venv/bin/python benchmarks/kernel_latency.py
"""
import argparse
import json
import os
import socket
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


def first_connect(argv, folder):
    """Seconds from Popen to the first TCP connect the shell port accepts."""
    holders = [socket.socket() for _ in range(5)]
    for h in holders:
        h.bind(("127.0.0.1", 0))
    ports = [h.getsockname()[1] for h in holders]
    for h in holders:
        h.close()
    path = os.path.join(folder, "connect.json")
    with open(path, "w") as f:
        json.dump(dict(zip(("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"), ports),
                       transport="tcp", ip="127.0.0.1", key="k", signature_scheme="hmac-sha256"), f)
    started = time.perf_counter()
    process = subprocess.Popen(argv + ["-f", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", ports[0])) == 0:
                break
    elapsed = time.perf_counter() - started
    process.kill()
    process.wait()
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--strata", default=os.path.join(ROOT, ".build", "release", "strata"))
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--starts", type=int, default=7)
    parser.add_argument("--connects", type=int, default=20, help="launches per binary for the TCP connect times")
    parser.add_argument("--direct", action="store_true", help="run `strata kernel` without the strata-kernel launcher")
    args = parser.parse_args()

    prefix = tempfile.mkdtemp(prefix="strata-bench-")
    subprocess.run([args.strata, "install", "--prefix", prefix], check=True, capture_output=True)
    spec_path = os.path.join(prefix, "share", "jupyter", "kernels", "strata", "kernel.json")
    with open(spec_path) as f:
        spec = json.load(f)
    if args.direct:
        spec["argv"] = [os.path.realpath(args.strata), "kernel", "-f", "{connection_file}"]
        with open(spec_path, "w") as f:
            json.dump(spec, f)
    print("strata runs as: " + " ".join(spec["argv"]))
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

    launcher = os.path.join(os.path.dirname(os.path.realpath(args.strata)), "strata-kernel")
    if os.path.exists(launcher) and args.connects > 0:
        commands = {"strata-kernel": [launcher], "strata kernel": [os.path.realpath(args.strata), "kernel"]}
        connects = {name: [] for name in commands}
        for _ in range(args.connects):  # alternated, as above
            for name, argv in commands.items():
                connects[name].append(first_connect(argv, prefix))
        print("launch to first TCP connect on the shell port (median, min, max):")
        for name, times in connects.items():
            print(f"  {name:22}{statistics.median(times) * 1000:8.2f}ms{min(times) * 1000:8.2f}ms"
                  f"{max(times) * 1000:8.2f}ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
