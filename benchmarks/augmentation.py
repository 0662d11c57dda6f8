"""Data augmentation with generated images, measured: ``genlab augment`` on Fashion-MNIST.

Trains the three conditional generators (recipes ``cgan``, ``cvae``, ``diffusion``, each cut to
``--minutes``), or takes trained runs with ``--runs``, then runs ``genlab augment`` on them: the
classifier (``classifier-fashion``, 16 channels, ``--steps`` steps per setting) on 10 and 100 real
images per class, alone and with 500 generated images per class added, and on the generated
images alone (Classification Accuracy Score), ``--seeds`` seeds each, test accuracy on the whole
real test split (10,000 images).

Run: ``python benchmarks/augmentation.py [--minutes 5] [--runs RUN ...]``; needs Fashion-MNIST
(``sudo apt-get install dataset-fashion-mnist``). One JSON line per setting, appended to
``src/genlab/figures/augmentation.jsonl``, with the generators' own FID beside them.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from child import REPO, train_recipe
from record import record

GENERATORS = ("cgan", "cvae", "diffusion")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", nargs="*", type=Path, help="trained conditional runs (default: train them)")
    p.add_argument("--minutes", type=float, default=5.0, help="training minutes per generator")
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--synthetic", type=int, default=500)
    args = p.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    from rich.console import Console

    import genlab

    with tempfile.TemporaryDirectory() as tmp:
        runs = args.runs or [train_recipe(r, Path(tmp) / r, minutes=args.minutes,
                                          overrides=["model.eval_samples=2000"]).run for r in GENERATORS]
        loaded = [genlab.load(r) for r in runs]
        result = genlab.augment(loaded, per_class=(10, 100), synthetic=args.synthetic, seeds=args.seeds,
                                steps=args.steps, out=Path(tmp) / "augment",
                                set={"model.channels": 16, "train.threads": 2}, console=Console(stderr=True))
        generator_info = {r.name: {"model": r.info["model"], "fid": r.metrics.get("test/fid"),
                                   "train_s": round(r.info.get("train_seconds", 0), 1)} for r in loaded}
        for row in result.rows():
            info = generator_info.get(row["generator"] or "", {})
            model = info.get("model")
            key = f"{model}-only" if model and not row["real_per_class"] else f"{model or 'real'}-{row['real_per_class']}"
            line = {"model": key, "setting": row["name"].replace(row["generator"] or "@", model or ""),
                    "real_per_class": row["real_per_class"], "generator": model,
                    "generator_fid": info.get("fid"), "generator_train_s": info.get("train_s"),
                    "synthetic_per_class": row["synthetic_per_class"], "steps": args.steps,
                    "seeds": args.seeds, "mean": row["mean"], "std": row["std"],
                    "accuracies": row["accuracies"]}
            record("augmentation", line, append=True)
            print(json.dumps(line), flush=True)
        print("\n".join(result.verdicts()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
