"""Lab benchmark: ``genlab train RECIPE`` for the labs that no other benchmark covers, each in its
own process, timed from start-up to exit (final evaluation included), with its final metrics.

The image labs have ``benchmarks/images.py`` (FID against the untrained model and a baseline),
the VAE ``benchmarks/vae.py``, GPT and the char-RNN ``benchmarks/gpt.py``, word2vec
``benchmarks/word2vec.py``; this one measures the rest at their recipes' settings: seq2seq with
attention (exact-match accuracy and BLEU on dates never seen in training) and the CNN classifier
(test accuracy on Fashion-MNIST).

Run: ``python benchmarks/labs.py [--recipes seq2seq,classifier-fashion]``. One JSON line per
recipe, appended to ``src/genlab/figures/labs.jsonl``.
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
RECIPES = ["seq2seq", "classifier-fashion"]


def train(recipe: str, runs: Path) -> dict:
    """One ``genlab train`` in a child process: wall time, peak RSS and the final metrics."""
    try:
        child = train_recipe(recipe, runs)
    except TrainFailed as exc:
        return {"recipe": recipe, "error": str(exc)}
    return {"recipe": recipe, "wall_s": round(child.wall_s, 1), "train_s": round(child.info["train_seconds"], 1),
            "steps": child.info["step"], "peak_rss_mb": round(child.peak_rss_mb),
            "metrics": {k: round(v, 4) for k, v in child.metrics.items() if isinstance(v, (int, float))}}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--recipes", default=",".join(RECIPES), help="comma-separated recipes")
    args = p.parse_args(argv)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="genlab-bench-labs-") as tmp:
        for recipe in [r for r in args.recipes.split(",") if r]:
            row = train(recipe, Path(tmp) / recipe)
            print(json.dumps(row), flush=True)
            if "error" in row:
                failed += 1
                continue
            record("labs", row, append=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
