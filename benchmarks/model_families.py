"""The newer model families, each trained by its CPU recipe and scored by genlab's metrics, and
flow matching against diffusion at equal training minutes and equal sampling steps.

- ``flow-matching`` and ``diffusion`` train for the same minutes (``--minutes``, default 8) on
  Fashion-MNIST; each is then sampled with 1, 4, 10 and 25 steps (Euler for the flow, DDIM for
  diffusion; the same guidance scale, seed and sample count) and every sample set gets an FID
  against the full test split;
- ``pixelcnn-mnist`` (exact NLL in nats on thresholded MNIST, against the 81.30 nats van den Oord
  et al. report for PixelCNN on stochastically binarized MNIST), ``realnvp`` (bits/dim) and
  ``vqvae`` (codebook perplexity, the prior's loss) train by their recipes.

Usage: ``python benchmarks/model_families.py [--minutes M] [--samples N] [--only a,b]``. Writes one
JSON line per model to stdout and to ``src/genlab/figures/model_families.jsonl``. Needs Fashion-MNIST
(``sudo apt-get install dataset-fashion-mnist``) and the MNIST test set of ``../shared/data``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from images import recipe_minutes, train_recipe  # benchmarks/images.py: one recipe in its own process
from record import record

STEPS = (1, 4, 10, 25)
FAMILIES = ["flow-matching", "diffusion", "pixelcnn-mnist", "realnvp", "vqvae"]
PIXELCNN_PAPER_NATS = 81.30   # van den Oord, Kalchbrenner & Kavukcuoglu (2016), Table 4
SHARED_MNIST = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist-test"


def fid_by_steps(run: str, samples: int) -> dict[str, float]:
    """FID of ``samples`` images drawn with each step count in STEPS (seed 0, the run's guidance)."""
    import torch

    from genlab.metrics import sample_quality
    from genlab.run_folder.run_dir import RunDir
    from genlab.training.job import load_data, load_trained

    model, cfg = load_trained(RunDir(Path(run)), "cpu")
    [test] = load_data(cfg, splits=("test",))
    batches = list(test.eval_batches(1000))
    out = {}
    with torch.no_grad():
        for steps in STEPS:
            out[f"fid_{steps}"] = sample_quality(model, batches, samples, full=False, seed=0, steps=steps)["quick_fid"]
    return out


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=8.0, help="cap on each recipe's training minutes")
    p.add_argument("--samples", type=int, default=1000, help="samples per FID in the step comparison")
    p.add_argument("--only", default=",".join(FAMILIES))
    p.add_argument("--mnist", type=Path, default=SHARED_MNIST, help="folder with MNIST's test IDX files")
    args = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="genlab-bench-families-"))
    for recipe in [r for r in args.only.split(",") if r]:
        minutes = min(recipe_minutes(recipe), args.minutes)
        extra = ("--data-dir", str(args.mnist)) if recipe == "pixelcnn-mnist" else ()
        res = train_recipe(recipe, minutes, work, extra)
        row = {"model": recipe, "minutes": minutes, **{k: res.get(k) for k in (
            "wall_s", "train_s", "steps", "run", "error", "fid", "eval_samples", "class_accuracy",
            "nll", "bpd", "recon", "perplexity", "prior_loss")}}
        if recipe in ("flow-matching", "diffusion") and "error" not in res:
            row.update(samples=args.samples, **fid_by_steps(res["run"], args.samples))
        if recipe == "pixelcnn-mnist":
            row["paper_nats"] = PIXELCNN_PAPER_NATS
        row = {k: v for k, v in row.items() if v is not None}
        print(json.dumps(row), flush=True)
        record("model_families", row, append=True)


if __name__ == "__main__":
    sys.exit(main())
