"""Optuna's TPESampler on the same problems as `strata-bench sweep` / `sweep-quality`.

    optuna_tpe.py timing TRIALS RUNS    ms per trial over whole studies (seeds 0..RUNS-1)
    optuna_tpe.py quality SEEDS         median best of 100 trials on Branin and Hartmann6

Defaults as Strata's TPESampler: 10 start-up trials, 24 candidates, multivariate (Optuna's
own default for one objective, set explicitly so a version change does not move it).
One JSON object per line.
"""
import json
import math
import statistics
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def branin(trial):
    x = trial.suggest_float("x", -5, 10)
    y = trial.suggest_float("y", 0, 15)
    b, c, t = 5.1 / (4 * math.pi**2), 5 / math.pi, 1 / (8 * math.pi)
    return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * math.cos(x) + 10


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
     [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]


def hartmann6(trial):
    x = [trial.suggest_float(f"x{j}", 0, 1) for j in range(6)]
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j] * 1e-4) ** 2 for j in range(6)))
                for i in range(4))


def study(seed, sampler="tpe"):
    if sampler == "tpe":
        s = optuna.samplers.TPESampler(seed=seed, n_startup_trials=10, n_ei_candidates=24, multivariate=True)
    else:
        s = optuna.samplers.RandomSampler(seed=seed)
    return optuna.create_study(sampler=s, direction="minimize")


def timing(trials, runs):
    per_trial = []
    for seed in range(runs):
        s = study(seed)
        start = time.perf_counter()
        s.optimize(branin, n_trials=trials)
        per_trial.append((time.perf_counter() - start) * 1000 / trials)
    print(json.dumps({"bench": "sweep_tpe", "impl": f"optuna-{optuna.__version__}", "trials": trials,
                      "runs": runs, "median_ms_per_trial": statistics.median(per_trial)}), flush=True)


def quality(seeds):
    for name, f in [("branin", branin), ("hartmann6", hartmann6)]:
        for method in ["tpe", "random"]:
            bests = []
            for seed in range(seeds):
                s = study(seed, method)
                s.optimize(f, n_trials=100)
                bests.append(s.best_value)
            print(json.dumps({"bench": "sweep_quality", "impl": f"optuna-{optuna.__version__}", "function": name,
                              "method": method, "seeds": seeds, "median_best": statistics.median(bests)}), flush=True)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "timing":
        timing(int(sys.argv[2]), int(sys.argv[3]))
    elif mode == "quality":
        quality(int(sys.argv[2]))
    else:
        sys.exit(f"unknown mode {mode}")
