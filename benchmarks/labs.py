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
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from record import record  # benchmarks/record.py: writes src/genlab/figures/

REPO = Path(__file__).resolve().parents[1]
RECIPES = ["seq2seq", "classifier-fashion"]


def train(recipe: str, runs: Path) -> dict:
    """One ``genlab train`` in a child process: wall time, peak RSS and the final metrics."""
    args = [sys.executable, "-m", "genlab", "train", recipe, "--runs-dir", str(runs), "-q", "--no-download"]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            err.seek(0)
            return {"recipe": recipe, "error": err.read().decode().strip().splitlines()[-1:]}
    [run] = list(runs.iterdir())
    info = json.loads((run / "run.json").read_text())
    return {"recipe": recipe, "wall_s": round(wall, 1), "train_s": round(info["train_seconds"], 1),
            "steps": info["step"], "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "metrics": {k: round(v, 4) for k, v in info["metrics"].items() if isinstance(v, (int, float))}}


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
