"""Video benchmark: each video recipe trained by ``genlab train`` in its own process (its CPU
budget, final evaluation included), scored per horizon against the copy-last and mean-frame
baselines that the same evaluation computes.

Goal (issue 14): after its CPU recipe (<= 10 minutes), every learned model beats copy-last at
every horizon 1..10, on MSE and on SSIM. A stochastic model (svg) is held to it by the best of its
``eval_samples`` futures, the convention of Denton & Fergus (2018), who score the best of 100
samples; its single-sample scores are recorded beside. Throughput is training frames per second (clips per
second times the frames of a clip); peak RSS is the training process's.

The digits come from the MNIST test set (``--data-dir``, default ``../shared/data/mnist-test``;
the first 8,000 images make the training clips, the other 2,000 the test clips).

Run: ``python benchmarks/video.py [--recipes convlstm,simvp] [--minutes M]``. One JSON line per
model, appended to ``src/genlab/figures/video.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from child import TrainFailed, train_recipe  # benchmarks/child.py: genlab train, timed from outside
from record import record  # benchmarks/record.py: writes src/genlab/figures/

REPO = Path(__file__).resolve().parents[1]
RECIPES = ["simvp", "convlstm", "svg"]


def train(recipe: str, runs: Path, data_dir: Path, minutes: float | None) -> dict:
    try:
        child = train_recipe(recipe, runs, minutes=minutes, extra_args=["--data-dir", str(data_dir)])
    except TrainFailed as exc:
        sys.exit(str(exc))
    return {"wall_s": child.wall_s, "peak_rss_mb": child.peak_rss_mb, "info": child.info, "run": child.run}


def row(recipe: str, res: dict) -> dict:
    import tomllib

    cfg = tomllib.loads((res["run"] / "config.toml").read_text())
    m = {k.removeprefix("test/"): v for k, v in res["info"]["metrics"].items()}
    horizons = cfg["model"]["frames_out"]
    frames = cfg["model"]["frames_in"] + cfg["model"]["frames_out"]
    steps, train_s = res["info"]["step"], res["info"]["train_seconds"]
    beats = {s: all((m[f"{s}@{h}"] < m[f"copy_last/{s}@{h}"]) if s == "mse" else (m[f"{s}@{h}"] > m[f"copy_last/{s}@{h}"])
                    for h in range(1, horizons + 1)) for s in ("mse", "ssim")}
    return {"model": recipe, "minutes": cfg["train"].get("minutes"), "wall_s": round(res["wall_s"], 1),
            "train_s": round(train_s, 1), "steps": steps,
            "frames_per_s": round(steps * cfg["data"]["batch_size"] * frames / max(train_s, 1e-9), 1),
            "peak_rss_mb": round(res["peak_rss_mb"]), "test_clips": cfg["model"]["test_size"],
            "mse": m["mse"], "mae": m["mae"], "ssim": m["ssim"], "psnr": m["psnr"],
            "copy_last_mse": m["copy_last/mse"], "copy_last_ssim": m["copy_last/ssim"],
            "mean_frame_mse": m["mean_frame/mse"], "mean_frame_ssim": m["mean_frame/ssim"],
            "mse_by_horizon": [m[f"mse@{h}"] for h in range(1, horizons + 1)],
            "ssim_by_horizon": [m[f"ssim@{h}"] for h in range(1, horizons + 1)],
            "copy_last_mse_by_horizon": [m[f"copy_last/mse@{h}"] for h in range(1, horizons + 1)],
            "copy_last_ssim_by_horizon": [m[f"copy_last/ssim@{h}"] for h in range(1, horizons + 1)],
            "beats_copy_last_mse_every_horizon": beats["mse"], "beats_copy_last_ssim_every_horizon": beats["ssim"],
            **stochastic_scores(m, horizons, cfg["model"].get("eval_samples"))}


def stochastic_scores(m: dict, horizons: int, k) -> dict:
    """A stochastic model's best-of-k scores and the diversity of its samples (absent otherwise)."""
    if "best_of_k/mse" not in m:
        return {}
    hs = range(1, horizons + 1)
    return {"k": k, "best_of_k_mse": m["best_of_k/mse"], "best_of_k_ssim": m["best_of_k/ssim"], "diversity": m["diversity"],
            "best_of_k_mse_by_horizon": [m[f"best_of_k/mse@{h}"] for h in hs],
            "best_of_k_ssim_by_horizon": [m[f"best_of_k/ssim@{h}"] for h in hs],
            "best_of_k_beats_copy_last_every_horizon": all(
                m[f"best_of_k/mse@{h}"] < m[f"copy_last/mse@{h}"] and m[f"best_of_k/ssim@{h}"] > m[f"copy_last/ssim@{h}"]
                for h in hs)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--recipes", default=",".join(RECIPES))
    p.add_argument("--minutes", type=float, help="override every recipe's time budget")
    p.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data" / "mnist-test")
    args = p.parse_args(argv)
    if not args.data_dir.is_dir():
        sys.exit(f"error: {args.data_dir} is not a folder with the MNIST test files; pass --data-dir")
    with tempfile.TemporaryDirectory(prefix="genlab-bench-video-") as tmp:
        for recipe in [r for r in args.recipes.split(",") if r]:
            result = row(recipe, train(recipe, Path(tmp) / recipe, args.data_dir, args.minutes))
            print(json.dumps(result), flush=True)
            record("video", result, append=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
