"""Image-lab benchmark: every image model's CPU recipe, scored with genlab's sample-quality metrics,
and the pytorch/examples-style DCGAN baseline side by side.

For each recipe it runs ``genlab train RECIPE`` in its own process (wall-clock timed from start-up
to exit, final evaluation included), reads the final metrics from ``run.json``, then scores the
*untrained* model (same seed, same number of samples) to get ``fid_untrained``. The baseline
(``benchmarks/baseline_dcgan.py``) trains for the same minutes as genlab's ``dcgan``; its samples
are scored with the same classifier, sample count and test set.

Goals (issue 3), for recipes of <= 10 minutes each: fid <= fid_untrained / 5 for every model; class
accuracy >= 0.85 for cvae, cgan and diffusion; coverage_min_share >= 0.5 (no class under half its
fair share); genlab's dcgan >= 4x the baseline's images/s and a lower FID after the same minutes.

Usage: ``python benchmarks/images.py [--minutes M] [--models dcgan,cgan,...] [--no-baseline]``.
``--minutes`` caps every recipe's budget (recipes whose goals are met sooner have shorter ones).
One JSON line per model on stdout.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from record import record  # benchmarks/record.py: writes src/genlab/figures/

REPO = Path(__file__).resolve().parents[1]
RECIPES = ["autoencoder", "cvae", "dcgan", "wgan", "wgan-gp", "cgan", "diffusion"]
FASHION = Path("/usr/share/datasets/fashion-mnist")


def recipe_minutes(recipe: str) -> float:
    from genlab.config import load_config

    return load_config(recipe).train.minutes or 10.0


def train_recipe(recipe: str, minutes: float, runs: Path, extra: tuple[str, ...] = ()) -> dict:
    """Train ``recipe`` in its own process (``extra``: more ``genlab train`` arguments)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "genlab", "train", recipe, "-q", "--no-download",
                           "--runs-dir", str(runs), "--name", recipe, "--minutes", str(minutes), *extra],
                          capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - start
    if proc.returncode:
        return {"model": recipe, "error": (proc.stderr.strip() or proc.stdout.strip())[-500:]}
    [run] = [p for p in runs.iterdir() if p.name.startswith(recipe + "-") and
             p.name[len(recipe) + 1:][:1].isdigit()]
    info = json.loads((run / "run.json").read_text())
    cfg = info.get("metrics", {})
    # training throughput from the last training log (its clock excludes the final evaluation)
    logs = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines() if line.strip()]
    last = next((r for r in reversed(logs) if "train/loss" in r), {})   # none in a very short run
    return {"run": str(run), "wall_s": round(wall, 1), "train_s": round(info["train_seconds"], 1),
            "steps": info["step"], "log_step": last.get("step"), "log_time": last.get("time"),
            **{k.split("/", 1)[1]: v for k, v in cfg.items()}}


def untrained_quality(recipe: str) -> dict:
    """The same model before any training step: the reference its trained FID is judged against."""
    import torch

    from genlab.config import load_config
    from genlab.metrics import sample_quality
    from genlab.training.job import build_model, load_data

    cfg = load_config(recipe, ["data.download=false"])
    [test] = load_data(cfg, splits=("test",))
    model = build_model(cfg, test.info()).eval()
    batches = [(test.float_images(slice(i, i + 1000)), test.labels[i:i + 1000]) for i in range(0, len(test), 1000)]
    with torch.no_grad():
        return sample_quality(model, batches, model.config.eval_samples, full=True, seed=0)


def baseline(minutes: float, samples: int, work: Path) -> dict:
    import numpy as np
    import torch

    from genlab.data.images import load_images
    from genlab.metrics import compare
    from genlab.metrics.features import load_classifier

    out = work / "baseline-samples.npy"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / "baseline_dcgan.py"), "--minutes",
                           str(minutes), "--samples", str(samples), "--out", str(out), "--data", str(FASHION)],
                          capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - start
    if proc.returncode:
        return {"model": "baseline-dcgan", "error": proc.stderr.strip()[-500:]}
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    test = load_images("fashion-mnist", "test", download=False)
    fake = torch.from_numpy(np.load(out))
    m = compare(load_classifier("fashion-mnist"), test.float_images(), fake, full=True)
    return {"model": "baseline-dcgan", "wall_s": round(wall, 1), "train_s": stats["train_s"],
            "images": stats["images"], "images_per_s": stats["images_per_s"], "fid": m["fid"],
            "kid": m["kid"], "precision": m["precision"], "recall": m["recall"],
            "coverage_min_share": m["coverage_min_share"]}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=10.0, help="cap on each recipe's training minutes")
    p.add_argument("--models", default=",".join(RECIPES), help="comma-separated recipes")
    p.add_argument("--no-baseline", action="store_true")
    args = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="genlab-bench-images-"))
    lines = []

    def emit(row):
        text = json.dumps(row)
        print(text, flush=True)
        lines.append(text)
        record("images", row, append=True)  # src/genlab/figures/images.jsonl: the newest line per model counts

    dcgan_minutes = None
    for recipe in [r for r in args.models.split(",") if r]:
        minutes = min(recipe_minutes(recipe), args.minutes)
        res = train_recipe(recipe, minutes, work)
        if "error" in res:
            emit(res)
            continue
        untrained = untrained_quality(recipe)
        row = {"model": recipe, "minutes": minutes, "wall_s": res["wall_s"], "fid": res.get("fid"),
               "fid_untrained": untrained.get("fid"), "kid": res.get("kid"),
               "precision": res.get("precision"), "recall": res.get("recall"),
               "coverage_min_share": res.get("coverage_min_share"),
               "class_accuracy": res.get("class_accuracy"), "eval_samples": res.get("eval_samples"),
               "steps": res["steps"], "train_s": res["train_s"], "run": res["run"]}
        if recipe == "dcgan":
            from genlab.config import load_config

            batch = load_config("dcgan").data.batch_size
            row["images_per_s"] = round(res["log_step"] * batch / res["log_time"], 1)
            dcgan_minutes = minutes
        emit(row)
    if not args.no_baseline:
        emit(baseline(dcgan_minutes or min(10.0, args.minutes), 10000, work))


if __name__ == "__main__":
    main()
