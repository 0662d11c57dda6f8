"""Sweep throughput: trials per hour with and without median pruning.

The same 12-trial Optuna sweep of the VAE's learning rate (log-uniform 1e-5..1e-2) on the
embedded digits, 300 steps per trial with an evaluation every 50 steps, once with the median
pruner and once without. Pruning stops hopeless trials early, so more trials fit in an hour.

Run: ``python benchmarks/sweep.py``. The last line is JSON.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GENLAB_OFFLINE", "1")

from genlab.experiments.sweep import ParamSpec, SweepSettings, run_sweep  # noqa: E402

from record import record  # benchmarks/record.py: writes src/genlab/figures/

OVERRIDES = ("data.dataset=digits", "model.hidden_dim=64", "model.latent_dim=8", "model.eval_iw_samples=0",
             "train.steps=300", "train.eval_every=50", "train.num_samples=16")


def one(pruning: bool, root: Path) -> dict:
    settings = SweepSettings("vae", [ParamSpec.parse("optim.lr=loguniform:1e-5:1e-2")], "test/nelbo",
                             trials=12, minutes_per_trial=None, overrides=OVERRIDES,
                             name="pruned" if pruning else "full", pruning=pruning, seed=0)
    start = time.perf_counter()
    summary = run_sweep(settings, root)
    hours = (time.perf_counter() - start) / 3600
    states = [t["state"] for t in summary["trials"]]
    return {"trials_per_hour": len(states) / hours, "pruned": states.count("pruned"),
            "best": summary["best"]["value"]}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        full = one(False, Path(tmp))
        pruned = one(True, Path(tmp))
    print(f"without pruning: {full['trials_per_hour']:.0f} trials/hour, best test/nelbo {full['best']:.3f}")
    print(f"with pruning:    {pruned['trials_per_hour']:.0f} trials/hour ({pruned['pruned']} of 12 pruned), "
          f"best test/nelbo {pruned['best']:.3f}")
    result = {"trials_per_hour_no_pruning": round(full["trials_per_hour"], 1),
              "trials_per_hour_pruning": round(pruned["trials_per_hour"], 1),
              "pruned_trials": pruned["pruned"], "best_no_pruning": round(full["best"], 3),
              "best_pruning": round(pruned["best"], 3)}
    print(json.dumps(result))
    record("sweep", result)


if __name__ == "__main__":
    main()
